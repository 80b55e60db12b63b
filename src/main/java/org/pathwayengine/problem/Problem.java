package org.pathwayengine.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * An RFC 9457 problem details body; every 4xx and 5xx answer of the service carries one.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details.")
public record Problem(
        @Schema(description = "URI naming the problem type; see the catalogue in the README.")
        String type,
        String title,
        int status,
        @Schema(description = "What went wrong in this request, in words.")
        String detail,
        @Schema(description = "The request path.")
        String instance,
        @Schema(description = "Each invalid field and why, for 400 answers.")
        List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem of a given type, with what went wrong in this request and where. */
    public static Problem of(ProblemType type, String detail, String instance, List<Violation> violations) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, violations);
    }

    /** One invalid input: the field (a path such as held[2].awarded) and the reason. */
    @Schema(name = "Violation")
    public record Violation(String field, String message) {
    }
}
