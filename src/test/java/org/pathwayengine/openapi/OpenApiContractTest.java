package org.pathwayengine.openapi;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checked-in contract, openapi/openapi.yaml, is exactly what the service serves. When the API changes on
 * purpose, refresh it with {@code ./mvnw test -Dtest=OpenApiContractTest -Dopenapi.update=true} and commit both.
 */
@QuarkusTest
// Access control is AccessControlTest's subject; here every request runs as an admin.
@TestSecurity(user = "test-admin", roles = "admin")
class OpenApiContractTest {

    private static final Path CONTRACT = Path.of("openapi/openapi.yaml");

    @Test
    void the_served_contract_matches_the_checked_in_file() throws IOException {
        String served = given().accept("application/yaml").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(CONTRACT, served);
        }
        assertThat(Files.exists(CONTRACT)).as(CONTRACT + " is checked in").isTrue();
        assertThat(served.strip())
                .as("the served OpenAPI differs from " + CONTRACT + "; if the change is intended, rerun with"
                        + " -Dopenapi.update=true and commit the file")
                .isEqualTo(Files.readString(CONTRACT).strip());
        assertThat(served).contains("/api/v1/evaluations", "Problem", "application/problem+json");
    }

    @Test
    void every_response_the_tests_receive_goes_through_the_contract_check() {
        // ContractCheck installs it before each test of every @QuarkusTest class; without it nothing is checked.
        assertThat(io.restassured.RestAssured.filters()).contains(ContractCheck.filter());
        // And it checks: a served answer that the contract describes passes (a failing one throws).
        given().get("/api/v1/qualifications").then().statusCode(200);
    }

    /**
     * The house rules of the contract, beyond what OpenAPI itself requires (Redocly's lint, run by .ci/run, checks
     * that): every operation has a unique operationId, a summary and a tag; every error response is an RFC 9457
     * problem; every operation that needs a token documents 401 and 403, every one that reads a body 413 and 415.
     */
    @Test
    void every_operation_is_named_and_documents_its_problems() throws IOException {
        com.fasterxml.jackson.databind.JsonNode spec = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(CONTRACT.toFile());
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.List<String> faults = new java.util.ArrayList<>();
        int operations = 0;
        for (var path : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>)
                spec.path("paths")::fields) {
            for (var op : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>)
                    path.getValue()::fields) {
                operations++;
                String where = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                com.fasterxml.jackson.databind.JsonNode o = op.getValue();
                String id = o.path("operationId").asText();
                if (id.isEmpty() || !ids.add(id)) {
                    faults.add(where + ": operationId missing or repeated (" + id + ")");
                }
                if (o.path("summary").asText().isBlank() || o.path("tags").isEmpty()) {
                    faults.add(where + ": no summary or tag");
                }
                var responses = o.path("responses");
                java.util.List<String> needed = new java.util.ArrayList<>(java.util.List.of("406", "503"));
                if (!o.path("security").isEmpty()) {
                    needed.addAll(java.util.List.of("401", "403"));
                }
                if (o.has("requestBody")) {
                    needed.addAll(java.util.List.of("413", "415"));
                }
                needed.stream().filter(code -> !responses.has(code))
                        .forEach(code -> faults.add(where + ": " + code + " not documented"));
                responses.fields().forEachRemaining(r -> {
                    if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                        String ref = r.getValue().path("content").path("application/problem+json").path("schema")
                                .path("$ref").asText();
                        if (!ref.equals("#/components/schemas/Problem")) {
                            faults.add(where + ": " + r.getKey() + " is not a problem+json Problem");
                        }
                    }
                });
            }
        }
        assertThat(operations).isGreaterThan(20);
        assertThat(faults).isEmpty();
    }
}
