package org.pathwayengine.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.pathwayengine.evaluation.RulesDidNotSettleException;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Maps every failure to an RFC 9457 problem: bad input names the field and the reason; an unexpected failure
 * answers 500 with an incident id that is in the log, never with a stack trace or class name.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.type(), e.getMessage(), uri, e.violations());
    }

    /** No token (or none that a role can be read from) on an endpoint that needs a role. */
    @ServerExceptionMapper
    public Response unauthenticated(io.quarkus.security.UnauthorizedException e, UriInfo uri) {
        return challenge(respond(ProblemType.UNAUTHORIZED, "send a bearer token (Authorization: Bearer ...) with"
                + " one of the roles this endpoint admits", uri, List.of()));
    }

    /** A token that does not verify: expired, not yet valid, signed by another key, or for another issuer or audience. */
    @ServerExceptionMapper
    public Response unverified(io.quarkus.security.AuthenticationFailedException e, UriInfo uri) {
        return challenge(respond(ProblemType.UNAUTHORIZED, "the bearer token is not valid: it is expired or not yet"
                + " valid, not signed by the configured key, or issued by or for someone else", uri, List.of()));
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return respond(ProblemType.FORBIDDEN, "the token's roles do not include one this endpoint admits (roles:"
                + " lms, registrar, curriculum, admin; see the README's Security section)", uri, List.of());
    }

    private static Response challenge(Response problem) {
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            violations.add(new Problem.Violation(field(v.getPropertyPath()), v.getMessage()));
        }
        violations.sort(Comparator.comparing(Problem.Violation::field));
        String detail = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).message()
                : violations.size() + " fields are invalid; see violations";
        return respond(ProblemType.INVALID_REQUEST, detail, uri, violations);
    }

    // Quarkus ships mappers for these subtypes; naming them here makes ours the closest match.
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response format(InvalidFormatException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response parse(JsonParseException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input")) {
            return respond(ProblemType.INVALID_REQUEST, "the body is not valid JSON: it ends too soon", uri,
                    List.of(new Problem.Violation("body", "not valid JSON: it ends too soon")));
        }
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String message;
        JsonParseException syntax = cause(e, JsonParseException.class);
        StreamConstraintsException limit = cause(e, StreamConstraintsException.class);
        if (limit != null) {
            String original = limit.getOriginalMessage() == null ? "" : limit.getOriginalMessage();
            String where = limit.getLocation() == null || limit.getLocation().getLineNr() < 0 ? ""
                    : " (at line " + limit.getLocation().getLineNr() + ", column " + limit.getLocation().getColumnNr()
                    + ")";
            message = (original.startsWith("Number") ? "has a number longer than the service reads"
                    : original.startsWith("String") ? "has a string longer than the service reads"
                    : original.contains("nesting") ? "is nested deeper than the service reads"
                    : "is beyond what the service reads") + where;
            field = !field.isEmpty() ? field : !pointer(limit).isEmpty() ? pointer(limit) : pointer(e);
        } else if (syntax != null) {
            String original = syntax.getOriginalMessage() == null ? "" : syntax.getOriginalMessage();
            field = pointer(syntax);
            if (original.startsWith("Duplicate field")) {
                message = "is given twice; give each field once";
            } else {
                String where = syntax.getLocation() == null ? "" : " at line " + syntax.getLocation().getLineNr()
                        + ", column " + syntax.getLocation().getColumnNr();
                message = "not valid JSON" + where;
                if (field.isEmpty() || field.equals("body")) {
                    return respond(ProblemType.INVALID_REQUEST, "the body is " + message, uri,
                            List.of(new Problem.Violation("body", message)));
                }
            }
        } else if (e instanceof UnrecognizedPropertyException u) {
            field = field.isEmpty() ? u.getPropertyName() : field;
            message = "unknown field; expected one of " + u.getKnownPropertyIds();
        } else if (e instanceof InvalidFormatException f) {
            message = expected(f.getTargetType(), f.getValue());
        } else if (e instanceof MismatchedInputException m && m.getOriginalMessage() != null
                && m.getOriginalMessage().startsWith("Trailing token")) {
            field = "body";
            message = "has more after the JSON value; send one JSON object";
        } else if (e instanceof MismatchedInputException m) {
            message = m.getTargetType() == null ? "has the wrong type" : expected(m.getTargetType(), null);
        } else {
            message = "cannot be read";
        }
        if (field.isEmpty()) {
            field = "body";
        }
        return respond(ProblemType.INVALID_REQUEST, field + ": " + message, uri,
                List.of(new Problem.Violation(field, message)));
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Where the parser was when it stopped, as held[2].awarded; empty at the top level. */
    private static String pointer(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser)) {
            return "";
        }
        List<String> steps = new ArrayList<>();
        for (com.fasterxml.jackson.core.JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot();
             c = c.getParent()) {
            if (c.inArray()) {
                steps.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                steps.add(0, c.getCurrentName());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String step : steps) {
            if (!out.isEmpty() && !step.startsWith("[")) {
                out.append('.');
            }
            out.append(step);
        }
        return out.toString();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException j) {
            return json(j, uri);
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (status) {
            case 404 -> "nothing is at " + uri.getPath();
            case 405 -> "this path does not accept that method";
            case 400 -> e.getMessage() != null && !e.getMessage().startsWith("HTTP 400") ? e.getMessage()
                    : "the request cannot be understood: check its Accept and Content-Type headers and the"
                    + " encoding of its path and query";
            case 406 -> "this resource cannot answer in any media type the Accept header allows; ask for the one"
                    + " the API description gives for it (errors come as application/problem+json)";
            case 413 -> "the request body is larger than the service accepts";
            case 415 -> "send the body as application/json";
            default -> e.getMessage();
        };
        if (status >= 500) {
            return unexpected(e, uri);
        }
        return Response.fromResponse(respond(type, detail, uri, List.of())).status(status).build();
    }

    @ServerExceptionMapper
    public Response rules(RulesDidNotSettleException e, UriInfo uri) {
        LOG.error(e.getMessage());
        return respond(ProblemType.RULES_FAILED, e.getMessage(), uri, List.of());
    }

    /**
     * A streamed body (no Content-Length) that goes over the size limit is refused by the HTTP layer while it is
     * being read: the 413 has already been sent (without a body, as that layer sends it), and it is the caller's
     * mistake, not an incident.
     */
    @ServerExceptionMapper
    public Response io(java.io.IOException e, UriInfo uri, io.vertx.core.http.HttpServerResponse response) {
        if (response.ended() && response.getStatusCode() == 413) {
            LOG.debugf("A streamed request body to %s went over the size limit and was refused", uri.getPath());
            return Response.status(413).build();
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, incident %s, on %s", incident, withoutLearner(uri.getPath()));
        return respond(ProblemType.INTERNAL_ERROR, "an unexpected error occurred; quote incident " + incident
                + " to the operators", uri, List.of());
    }

    /** A path as the log may keep it: a learner's id is personal data and the log outlives a learner's deletion. */
    static String withoutLearner(String path) {
        return path == null ? null : path.replaceFirst("^(/api/v1/learners/)[^/]+", "$1{id}");
    }

    public static Response respond(ProblemType type, String detail, UriInfo uri, List<Problem.Violation> violations) {
        Problem body = Problem.of(type, detail, uri == null ? null : uri.getPath(), violations);
        return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    private static String expected(Class<?> type, Object value) {
        String shown = value == null ? null : String.valueOf(value);
        if (shown != null && shown.length() > 40) {
            shown = shown.substring(0, 40) + "...";
        }
        String got = shown == null ? "" : " (got '" + shown + "')";
        if (type == LocalDate.class) {
            return "must be a date in the form YYYY-MM-DD" + got;
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false" + got;
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number" + got;
        }
        return "must be an object";
    }

    /** Jackson's path as held[2].awarded. */
    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** Bean Validation's path without the method and parameter name: held[2].code. */
    private static String field(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.isInIterable() && node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(name);
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }
}
