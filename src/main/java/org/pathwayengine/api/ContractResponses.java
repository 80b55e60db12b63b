package org.pathwayengine.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.pathwayengine.problem.Problem;

/**
 * Completes the served contract with the problem responses that every operation of a kind can give, so that
 * clients (and the tests, which check every response against openapi/openapi.yaml) find each status documented
 * with its body: 401 and 403 on operations that need a token (the generated ones name no body), 400 where a
 * parameter or body is read, 406 on every operation (an Accept header it cannot answer), 413 and 415 where a body is read, and 503 everywhere (the rules
 * are not loaded yet, or the database the operation needs does not answer). Responses an operation documents
 * itself are kept as they are.
 */
public class ContractResponses implements OASFilter {

    /**
     * A replay's differing values are any JSON value (a string, a number, an object, a list), which the schema
     * generated from their Java type ({@code JsonNode}) would narrow to an object (and model Jackson's node).
     */
    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Schema difference = openAPI.getComponents().getSchemas().get("ReplayDifference");
        if (difference != null && difference.getProperties() != null) {
            for (String value : java.util.List.of("recorded", "replayed")) {
                Schema generated = difference.getProperties().get(value);
                if (generated != null) {
                    difference.addProperty(value, OASFactory.createSchema().description(generated.getDescription()));
                }
            }
            // Only those two properties used Jackson's node types: their schemas would be models of nothing.
            openAPI.getComponents().removeSchema("JsonNode");
            openAPI.getComponents().removeSchema("JsonNodeType");
        }
    }

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return operation;
        }
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            problem(responses, "401", "No valid bearer token: missing, expired, not yet valid, or signed by another"
                    + " key, issuer or audience.", true);
            problem(responses, "403", "The token's roles do not allow this operation.", true);
        }
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (parameters || operation.getRequestBody() != null) {
            problem(responses, "400", "A parameter or the body is invalid; the problem's violations name each field"
                    + " and why.", false);
        }
        if (operation.getRequestBody() != null) {
            problem(responses, "413", "The body is too large.", false);
            problem(responses, "415", "The body is not in a media type this operation reads.", false);
        }
        problem(responses, "406", "The Accept header allows none of the media types this operation answers in.",
                false);
        problem(responses, "503", "The service cannot answer yet: no valid ruleset is loaded, or the database this"
                + " operation needs does not answer. Retry later.", false);
        return operation;
    }

    /** Adds the response, or gives a generated one without a body the problem body it really has. */
    private static void problem(APIResponses responses, String status, String description, boolean replaceBodiless) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing != null && !(replaceBodiless && existing.getContent() == null)) {
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("Problem")))));
    }
}
