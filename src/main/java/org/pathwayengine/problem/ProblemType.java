package org.pathwayengine.problem;

/**
 * The catalogue of problem types the service answers with; each has a stable URI and a fixed title.
 */
public enum ProblemType {
    INVALID_REQUEST(400, "invalid-request", "The request is not valid"),
    UNAUTHORIZED(401, "unauthorized", "A valid bearer token is required"),
    FORBIDDEN(403, "forbidden", "The token's roles do not allow this"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    CONFLICT(409, "conflict", "The request conflicts with what is stored"),
    PRECONDITION_FAILED(412, "precondition-failed", "The record changed since the version the request names"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    UNPROCESSABLE(422, "unprocessable", "The request cannot be processed"),
    RULES_FAILED(500, "rules-failed", "The rules could not decide this evaluation"),
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    DATABASE_UNAVAILABLE(503, "database-unavailable", "The database is not available"),
    NO_RULESET(503, "no-ruleset", "No valid ruleset is loaded");

    public static final String BASE = "https://pathwayengine.org/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return BASE + slug;
    }

    public String title() {
        return title;
    }

    public static ProblemType forStatus(int status) {
        for (ProblemType t : values()) {
            if (t.status == status) {
                return t;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
    }
}
