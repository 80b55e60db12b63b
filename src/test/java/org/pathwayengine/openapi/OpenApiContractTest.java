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
}
