package org.pathwayengine.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * With no database configured the service still starts and evaluates, as a stateless sidecar; the answer says it
 * was not recorded, and what needs the database answers 503.
 */
@QuarkusTest
// Access control is AccessControlTest's subject; here every request runs as an admin.
@TestSecurity(user = "test-admin", roles = "admin")
@TestProfile(WithoutDatabaseTest.NoDatabase.class)
class WithoutDatabaseTest {

    /** Removes the JDBC URL, as on a bare machine. */
    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "");
        }
    }

    @Test
    void evaluations_are_answered_but_not_recorded() throws Exception {
        given().contentType(ContentType.JSON).body(EvaluationResourceTest.example("evaluation-request.json"))
                .post("/api/v1/evaluations")
                .then().statusCode(200)
                .body("recorded", equalTo(false))
                .body("id", nullValue())
                .body("notRecordedReason", equalTo("no database is configured; the answer was not stored"))
                .body("qualifications[0].status", equalTo("ELIGIBLE"));
    }

    @Test
    void fetching_a_record_is_503_and_the_service_is_ready() {
        given().get("/api/v1/evaluations/" + UUID.randomUUID())
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://pathwayengine.org/problems/database-unavailable"));
        given().post("/api/v1/evaluations/" + UUID.randomUUID() + "/replay")
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://pathwayengine.org/problems/database-unavailable"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void learner_records_are_503_problems_saying_none_are_kept() {
        List<io.restassured.response.Response> answers = List.of(
                given().contentType(ContentType.JSON)
                        .body(Map.of("held", List.of(Map.of("code", "AIL-TK-101", "awarded", "2026-01-10"))))
                        .put("/api/v1/learners/l-1"),
                given().contentType(ContentType.JSON).body(Map.of("code", "AIL-TK-101", "awarded", "2026-01-10"))
                        .post("/api/v1/learners/l-1/credentials"),
                given().get("/api/v1/learners/l-1"),
                given().get("/api/v1/learners"),
                given().get("/api/v1/learners/l-1/evaluation"),
                given().get("/api/v1/learners/l-1/evaluations"),
                given().delete("/api/v1/learners/l-1"));
        given().post("/api/v1/rulesets/impact/stored").then().statusCode(503)
                .body("detail", equalTo("no database is configured, so learner records are not kept"));
        given().get("/api/v1/jobs").then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("no database is configured, so learners are not re-checked"));
        for (io.restassured.response.Response answer : answers) {
            answer.then().statusCode(503).contentType("application/problem+json")
                    .body("detail", equalTo("no database is configured, so learner records are not kept"));
        }
    }
}
