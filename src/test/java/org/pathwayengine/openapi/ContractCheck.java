package org.pathwayengine.openapi;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Every response any {@code @QuarkusTest} receives through RestAssured is checked against the checked-in contract,
 * openapi/openapi.yaml: its status must be documented for the operation, its media type declared, and its body
 * must match the declared schema; a mismatch fails the test that made the call. Successes and problems alike, on
 * every endpoint the tests reach. Requests are not checked (many tests send bad requests on purpose), and paths
 * outside the contract ({@code /q/health}, {@code /q/metrics}) are skipped.
 */
public class ContractCheck implements QuarkusTestBeforeEachCallback {

    private static OpenApiInteractionValidator validator;
    private static OpenApiValidationFilter filter;

    /** The contract's validator, responses only. */
    static synchronized OpenApiInteractionValidator validator() {
        if (validator == null) {
            validator = OpenApiInteractionValidator.createForInlineApiSpecification(asOpenApi30())
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
        }
        return validator;
    }

    /**
     * The contract as OpenAPI 3.0.3. The validator reads OpenAPI 3.1 documents but checks bodies only against 3.0
     * schemas: given 3.1, it checks statuses and media types and lets any body through. The contract's schemas use
     * one 3.1 keyword, {@code examples} (a list), which becomes 3.0's {@code example} (its first entry); nothing
     * else differs between the two for these schemas.
     */
    static String asOpenApi30() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try {
            JsonNode contract = yaml.readTree(Path.of("openapi/openapi.yaml").toFile());
            ((ObjectNode) contract).put("openapi", "3.0.3");
            examplesToExample(contract.path("components").path("schemas"));
            return yaml.writeValueAsString(contract);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void examplesToExample(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode examples = object.get("examples");
            if (examples != null && examples.isArray()) {
                object.remove("examples");
                if (!examples.isEmpty()) {
                    object.set("example", examples.get(0));
                }
            }
            object.elements().forEachRemaining(ContractCheck::examplesToExample);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(ContractCheck::examplesToExample);
        }
    }

    static synchronized OpenApiValidationFilter filter() {
        if (filter == null) {
            filter = new OpenApiValidationFilter(validator());
        }
        return filter;
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        OpenApiValidationFilter f = filter();
        if (!RestAssured.filters().contains(f)) {
            RestAssured.filters(f);
        }
    }
}
