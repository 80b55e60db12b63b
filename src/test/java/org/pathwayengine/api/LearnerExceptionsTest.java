package org.pathwayengine.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A registrar's exceptions over HTTP against the sample rules and a real PostgreSQL: granted, applied to every
 * evaluation of the record and named where they changed an outcome, replayed, withdrawn with who and when, and
 * refused with a problem naming the field when they are incomplete, name what the rules do not have, or repeat
 * an id.
 */
@QuarkusTest
@TestSecurity(user = "registrar-jo", roles = "registrar")
class LearnerExceptionsTest {

    private static String unique(String name) {
        return "x-" + UUID.randomUUID().toString().substring(0, 8) + "-" + name;
    }

    private static void store(String id, String... codes) {
        given().contentType(ContentType.JSON).body(Map.of("held", java.util.Arrays.stream(codes)
                .map(c -> Map.of("code", c, "awarded", "2026-03-01")).toList())).put("/api/v1/learners/" + id)
                .then().statusCode(201);
    }

    private static Map<String, Object> waiver(String id) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("kind", "WAIVE");
        body.put("qualification", "AI-LIT-AWARD");
        body.put("requirement", "ethics");
        body.put("reason", "ethics covered by the learner's professional body membership");
        return body;
    }

    private static Response grant(String learner, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/learners/" + learner + "/exceptions");
    }

    private static JsonPath evaluation(String learner) {
        return given().get("/api/v1/learners/" + learner + "/evaluation").then().statusCode(200).extract()
                .jsonPath();
    }

    @Test
    void a_granted_waiver_changes_the_record_s_evaluation_says_so_and_replays() {
        String learner = unique("waive");
        store(learner, "AIL-TK-101", "AIL-PU-110");
        assertThat(evaluation(learner).getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.status"))
                .isEqualTo("IN_PROGRESS");

        Response granted = grant(learner, waiver("EX-1"));
        assertThat(granted.statusCode()).isEqualTo(201);
        assertThat(granted.header("Location")).endsWith("/api/v1/learners/" + learner + "/exceptions/EX-1");
        assertThat(granted.jsonPath().getString("exception.author")).isEqualTo("registrar-jo");
        assertThat(granted.jsonPath().getString("exception.granted")).isNotBlank();

        // The grant was evaluated at once: the history has the move, named by the exception's effect.
        JsonPath history = given().get("/api/v1/learners/" + learner + "/evaluations").then().statusCode(200)
                .extract().jsonPath();
        assertThat(history.getString("[0].statuses.AI-LIT-AWARD")).isEqualTo("ELIGIBLE");

        JsonPath answer = evaluation(learner);
        assertThat(answer.getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.status"))
                .isEqualTo("ELIGIBLE");
        assertThat(answer.getList("qualifications.find { it.code == 'AI-LIT-AWARD' }.exceptions"))
                .containsExactly("EX-1");
        assertThat(answer.getString("exceptions[0].effect")).isEqualTo("CHANGED");
        assertThat(answer.getString("exceptions[0].explanation"))
                .contains("AI-LIT-AWARD is ELIGIBLE; without it IN_PROGRESS");
        // The request recorded with the answer carries the exception: a replay gives the same answer.
        JsonPath replay = given().post("/api/v1/evaluations/" + answer.getString("id") + "/replay").then()
                .statusCode(200).extract().jsonPath();
        assertThat(replay.getBoolean("same")).as(replay.prettify()).isTrue();

        // Withdrawn: kept, marked, and no longer applied.
        given().delete("/api/v1/learners/" + learner + "/exceptions/EX-1").then().statusCode(200)
                .body("withdrawnBy", equalTo("registrar-jo"));
        JsonPath after = evaluation(learner);
        assertThat(after.getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.status"))
                .isEqualTo("IN_PROGRESS");
        assertThat(after.getList("exceptions")).isNull();
        JsonPath listed = given().get("/api/v1/learners/" + learner + "/exceptions").then().statusCode(200)
                .extract().jsonPath();
        assertThat(listed.getList("exception.id")).containsExactly("EX-1");
        assertThat(listed.getString("[0].withdrawnAt")).isNotBlank();
        given().delete("/api/v1/learners/" + learner + "/exceptions/EX-1").then().statusCode(409)
                .contentType("application/problem+json");
        given().delete("/api/v1/learners/" + learner + "/exceptions/EX-9").then().statusCode(404)
                .contentType("application/problem+json");

        // Deleting the learner says how many exceptions went with the record.
        given().delete("/api/v1/learners/" + learner).then().statusCode(200).body("exceptions", equalTo(1));
    }

    @Test
    void the_readme_example_waives_societal_impact_and_the_answer_says_what_that_changed() throws Exception {
        String learner = unique("readme");
        given().contentType(ContentType.JSON)
                .body(java.nio.file.Files.readString(java.nio.file.Path.of("openapi/examples/learner-record.json")))
                .put("/api/v1/learners/" + learner).then().statusCode(201);
        given().contentType(ContentType.JSON)
                .body(java.nio.file.Files.readString(java.nio.file.Path.of("openapi/examples/registrar-exception.json")))
                .post("/api/v1/learners/" + learner + "/exceptions").then().statusCode(201);
        JsonPath answer = given().queryParam("asOf", "2026-11-01").queryParam("nextSteps", "false")
                .get("/api/v1/learners/" + learner + "/evaluation").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("exceptions[0].effect")).isEqualTo("CHANGED");
        assertThat(answer.getString("exceptions[0].explanation")).startsWith("AI-LIT-CERT stays IN_PROGRESS, but"
                + " 'One credential in societal impact' is met; without it not met");
        assertThat(answer.getList("qualifications.find { it.code == 'AI-LIT-CERT' }.requirement.children"
                + ".find { it.id == 'society' }.exceptions")).containsExactly("EX-2026-0147 (WAIVE)");
    }

    @Test
    void bad_exceptions_are_refused_with_the_field_and_the_reason() {
        String learner = unique("bad");
        store(learner, "AIL-TK-101");
        Map<String, Object> missing = waiver("EX-2");
        missing.remove("requirement");
        grant(learner, missing).then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("requirement"))
                .body("violations[0].message", equalTo("is required for a WAIVE exception"));

        Map<String, Object> extra = waiver("EX-3");
        extra.put("credential", "AIL-TK-101");
        grant(learner, extra).then().statusCode(400).body("violations[0].field", equalTo("credential"));

        Map<String, Object> typo = waiver("EX-4");
        typo.put("requirement", "ethic");
        grant(learner, typo).then().statusCode(400).body("violations[0].field", equalTo("requirement"))
                .body("violations[0].message", org.hamcrest.Matchers.containsString("ethics"));

        Map<String, Object> unknownKind = waiver("EX-5");
        unknownKind.put("kind", "PARDON");
        grant(learner, unknownKind).then().statusCode(400).contentType("application/problem+json");

        Map<String, Object> noReason = waiver("EX-6");
        noReason.remove("reason");
        grant(learner, noReason).then().statusCode(400).contentType("application/problem+json");

        Map<String, Object> authored = waiver("EX-7");
        authored.put("author", "someone-else");
        grant(learner, authored).then().statusCode(400).body("violations[0].field", equalTo("author"));

        grant(learner, waiver("EX-8")).then().statusCode(201);
        grant(learner, waiver("EX-8")).then().statusCode(409).contentType("application/problem+json")
                .body("violations[0].field", equalTo("id"));

        grant(unique("nobody"), waiver("EX-9")).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "lms-system", roles = "lms")
    void an_lms_may_read_exceptions_but_not_grant_them() {
        grant(unique("lms"), waiver("EX-10")).then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void a_caller_s_own_request_may_carry_exceptions_as_a_what_if() {
        Map<String, Object> request = Map.of("asOf", "2026-11-01",
                "held", List.of(Map.of("code", "AIL-TK-101", "awarded", "2026-03-01"),
                        Map.of("code", "AIL-PU-110", "awarded", "2026-03-01")),
                "exceptions", List.of(waiver("EX-11")));
        given().contentType(ContentType.JSON).body(request).post("/api/v1/evaluations").then().statusCode(200)
                .body("qualifications.find { it.code == 'AI-LIT-AWARD' }.status", equalTo("ELIGIBLE"))
                .body("exceptions[0].id", equalTo("EX-11"));

        Map<String, Object> twice = Map.of("held", List.of(Map.of("code", "AIL-TK-101", "awarded", "2026-03-01")),
                "exceptions", List.of(waiver("EX-12"), waiver("EX-12")));
        given().contentType(ContentType.JSON).body(twice).post("/api/v1/evaluations").then().statusCode(400)
                .body("violations[0].field", equalTo("exceptions[1].id"));
    }
}
