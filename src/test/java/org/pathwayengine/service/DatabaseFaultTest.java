package org.pathwayengine.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * PostgreSQL behind a proxy the test controls: down when the service starts, then back, then silent, then back.
 * The service starts and stays ready throughout, evaluations always answer (recorded or saying why not), the record
 * endpoints answer 503 while the database cannot serve them, and recording resumes by itself.
 */
@QuarkusTest
// Access control is AccessControlTest's subject; here every request runs as an admin.
@TestSecurity(user = "test-admin", roles = "admin")
@TestProfile(DatabaseFaultTest.Faulty.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseFaultTest {

    /** A guard, not a measure: an answer that takes this long is a hang. */
    private static final RestAssuredConfig PATIENT = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 60_000).setParam("http.connection.timeout", 10_000));

    @Test
    @Order(1)
    void started_while_the_database_was_down_and_evaluates_without_recording() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/group/database").then().statusCode(503).body("checks[0].name", equalTo("database"));

        JsonPath answer = evaluate();
        assertThat(answer.getBoolean("recorded")).isFalse();
        assertThat(answer.getString("notRecordedReason")).startsWith("the database is not ready")
                .endsWith("; the answer was not stored");
        given().get("/api/v1/evaluations/" + UUID.randomUUID()).then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pathwayengine.org/problems/database-unavailable"));
    }

    @Test
    @Order(2)
    void when_the_database_comes_back_the_schema_is_migrated_and_records_are_kept() throws InterruptedException {
        TcpFaultProxy.set(TcpFaultProxy.Mode.FORWARD);
        JsonPath answer = untilRecorded();
        given().get("/api/v1/evaluations/" + answer.getString("id")).then().statusCode(200)
                .body("id", equalTo(answer.getString("id")));
        given().get("/q/health/group/database").then().statusCode(200);
    }

    @Test
    @Order(3)
    void a_database_that_stops_answering_does_not_hold_an_evaluation_or_readiness() throws InterruptedException {
        TcpFaultProxy.set(TcpFaultProxy.Mode.FREEZE);
        JsonPath answer = evaluate();
        assertThat(answer.getBoolean("recorded")).isFalse();
        assertThat(answer.getString("notRecordedReason"))
                .isEqualTo("the database did not accept the record; the answer was not stored");
        given().config(PATIENT).get("/q/health/ready").then().statusCode(200);
        given().config(PATIENT).get("/q/health/group/database").then().statusCode(503);
        // A learner record written while the database is silent is refused, not half-written.
        String learner = "frozen-" + UUID.randomUUID();
        given().config(PATIENT).contentType(ContentType.JSON)
                .body(Map.of("held", List.of(Map.of("code", "AIL-TK-101", "awarded", "2026-01-10"))))
                .put("/api/v1/learners/" + learner).then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://pathwayengine.org/problems/database-unavailable"));
        given().config(PATIENT).get("/api/v1/learners/" + learner).then().statusCode(503);

        TcpFaultProxy.set(TcpFaultProxy.Mode.FORWARD);
        untilRecorded();
        given().config(PATIENT).get("/api/v1/learners/" + learner).then().statusCode(404);
        given().config(PATIENT).contentType(ContentType.JSON)
                .body(Map.of("held", List.of(Map.of("code", "AIL-TK-101", "awarded", "2026-01-10"))))
                .put("/api/v1/learners/" + learner).then().statusCode(201);
    }

    private static JsonPath evaluate() {
        return given().config(PATIENT).contentType(ContentType.JSON).body(example())
                .post("/api/v1/evaluations").then().statusCode(200).extract().jsonPath();
    }

    /** Evaluates until an answer is recorded; the service retries the database every second in this profile. */
    private static JsonPath untilRecorded() throws InterruptedException {
        JsonPath answer = evaluate();
        for (int i = 0; i < 60 && !answer.getBoolean("recorded"); i++) {
            Thread.sleep(1000);
            answer = evaluate();
        }
        assertThat(answer.getBoolean("recorded")).as(answer.getString("notRecordedReason")).isTrue();
        return answer;
    }

    private static String example() {
        try {
            return Files.readString(Path.of("openapi/examples/evaluation-request.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class Faulty implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxiedDatabase.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pathways.database.migration-retry", "1s", "pathways.rules.watch.enabled", "false");
        }
    }

    /** Starts the proxy, refusing, before the service, and points the service's datasource at it. */
    public static class ProxiedDatabase implements QuarkusTestResourceLifecycleManager {
        private TcpFaultProxy proxy;

        @Override
        public Map<String, String> start() {
            try {
                proxy = new TcpFaultProxy("127.0.0.1", 5432, TcpFaultProxy.Mode.REFUSE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/pathways_test");
        }

        @Override
        public void stop() {
            TcpFaultProxy.set(TcpFaultProxy.Mode.FORWARD);
            try {
                proxy.close();
            } catch (IOException e) {
                // closing a test proxy
            }
        }
    }
}
