package org.pathwayengine.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Learner records over HTTP against the sample rules and a real PostgreSQL: idempotent upserts, changes with who
 * and when, If-Match, parallel writers, evaluation of a stored record and its history, listing, and deletion.
 */
@QuarkusTest
@TestSecurity(user = "registrar-jo", roles = "admin")
class LearnerResourceTest {

    private static String unique(String name) {
        return "t-" + UUID.randomUUID().toString().substring(0, 8) + "-" + name;
    }

    private static Map<String, Object> credential(String code, String awarded) {
        return Map.of("code", code, "awarded", awarded);
    }

    private static Response put(String id, List<Map<String, Object>> held) {
        return given().contentType(ContentType.JSON).body(Map.of("held", held)).put("/api/v1/learners/" + id);
    }

    @Test
    void a_put_creates_the_record_and_the_same_put_again_changes_nothing() {
        String id = unique("upsert");
        List<Map<String, Object>> held = List.of(credential("AIL-TK-101", "2026-01-10"),
                credential("AIL-PU-110", "2026-02-10"));

        Response created = put(id, held);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/learners/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.jsonPath().getBoolean("created")).isTrue();
        assertThat(created.jsonPath().getList("changes.kind")).containsExactly("ADDED", "ADDED");
        assertThat(created.jsonPath().getList("changes.actor")).containsOnly("registrar-jo");

        Response again = put(id, held);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getList("changes")).isEmpty();
        assertThat(again.header("ETag")).isEqualTo("\"1\"");

        given().get("/api/v1/learners/" + id).then().statusCode(200).header("ETag", "\"1\"")
                .body("held.code", equalTo(List.of("AIL-TK-101", "AIL-PU-110")))
                .body("version", equalTo(1));
    }

    @Test
    void the_documented_example_record_is_stored_and_evaluated_as_the_readme_shows() throws Exception {
        String id = unique("readme");
        given().contentType(ContentType.JSON)
                .body(java.nio.file.Files.readString(java.nio.file.Path.of("openapi/examples/learner-record.json")))
                .put("/api/v1/learners/" + id).then().statusCode(201).body("learner.held.size()", equalTo(4));
        given().queryParam("asOf", "2026-11-01").queryParam("nextSteps", "false")
                .get("/api/v1/learners/" + id + "/evaluation").then().statusCode(200)
                .body("qualifications.find { it.code == 'AI-LIT-AWARD' }.status", equalTo("ELIGIBLE"))
                .body("nextSteps", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void corrections_and_revocations_are_kept_with_the_credential_as_it_was() {
        String id = unique("changes");
        put(id, List.of(credential("AIL-TK-101", "2026-01-10"), credential("AIL-PU-110", "2026-02-10")));

        JsonPath second = put(id, List.of(credential("AIL-TK-101", "2026-01-12"), credential("AIL-EA-140",
                "2026-03-01"))).then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("changes.kind")).containsExactly("CORRECTED", "REVOKED", "ADDED");
        assertThat(second.getInt("learner.version")).isEqualTo(2);

        given().delete("/api/v1/learners/" + id + "/credentials/AIL-EA-140").then().statusCode(200)
                .body("changes[0].kind", equalTo("REVOKED")).body("learner.version", equalTo(3));

        JsonPath changes = given().get("/api/v1/learners/" + id + "/changes").then().statusCode(200)
                .extract().jsonPath();
        assertThat(changes.getList("kind")).containsExactly("ADDED", "ADDED", "CORRECTED", "REVOKED", "ADDED",
                "REVOKED");
        assertThat(changes.getList("version", Integer.class)).containsExactly(1, 1, 2, 2, 2, 3);
        assertThat(changes.getString("[2].before.awarded")).isEqualTo("2026-01-10");
        assertThat(changes.getString("[2].after.awarded")).isEqualTo("2026-01-12");
        assertThat(changes.getString("[3].code")).isEqualTo("AIL-PU-110");
        assertThat(changes.getString("[3].before.awarded")).isEqualTo("2026-02-10");
        assertThat(changes.getString("[3].after")).isNull();
        assertThat(changes.getList("at")).doesNotContainNull();

        given().delete("/api/v1/learners/" + id + "/credentials/AIL-EA-140").then().statusCode(404)
                .contentType("application/problem+json").body("violations[0].field", equalTo("code"));
    }

    @Test
    void a_write_naming_a_stale_version_is_refused_and_changes_nothing() {
        String id = unique("if-match");
        put(id, List.of(credential("AIL-TK-101", "2026-01-10")));
        given().contentType(ContentType.JSON).body(credential("AIL-PU-110", "2026-02-10"))
                .post("/api/v1/learners/" + id + "/credentials").then().statusCode(200);

        // A caller that read version 1 writes back without seeing the credential added meanwhile.
        given().contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("held", List.of(credential("AIL-TK-101", "2026-01-10"))))
                .put("/api/v1/learners/" + id).then().statusCode(412)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pathwayengine.org/problems/precondition-failed"))
                .body("violations[0].field", equalTo("If-Match"))
                .body("violations[0].message", equalTo("the record is at version \"2\""));
        given().get("/api/v1/learners/" + id).then().body("held.code", equalTo(List.of("AIL-TK-101", "AIL-PU-110")));

        // A list of tags matches when the record is at any of them (RFC 9110).
        given().contentType(ContentType.JSON).header("If-Match", "\"1\", \"2\"")
                .body(Map.of("held", List.of(credential("AIL-TK-101", "2026-01-10"))))
                .put("/api/v1/learners/" + id).then().statusCode(200).header("ETag", "\"3\"");
        // If-Match on a learner with no record yet cannot match, and creates nothing.
        String fresh = unique("none");
        given().contentType(ContentType.JSON).header("If-Match", "*")
                .body(Map.of("held", List.of(credential("AIL-TK-101", "2026-01-10"))))
                .put("/api/v1/learners/" + fresh).then().statusCode(412);
        given().get("/api/v1/learners/" + fresh).then().statusCode(404);
    }

    @Test
    void parallel_writers_to_one_learner_never_lose_a_credential() throws Exception {
        String id = unique("parallel");
        List<String> codes = List.of("AIL-TK-101", "AIL-TK-210", "AIL-TK-220", "AIL-PU-110", "AIL-PU-120",
                "AIL-EA-140", "AIL-CT-130", "AIL-SI-160", "IBM-AI-FUND", "AWS-ML-ESS");
        ExecutorService pool = Executors.newFixedThreadPool(codes.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (String code : codes) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return given().contentType(ContentType.JSON).body(credential(code, "2026-01-10"))
                            .post("/api/v1/learners/" + id + "/credentials").statusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isIn(200, 201);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonPath record = given().get("/api/v1/learners/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(record.getList("held.code", String.class)).containsExactlyInAnyOrderElementsOf(codes);
        assertThat(record.getInt("version")).isEqualTo(codes.size());
        assertThat(given().get("/api/v1/learners/" + id + "/changes").then().extract().jsonPath()
                .getList("version", Integer.class)).doesNotHaveDuplicates().hasSize(codes.size());
    }

    @Test
    void a_stored_record_is_evaluated_as_the_same_request_would_be_and_its_history_names_each_change() {
        String id = unique("history");
        put(id, List.of(credential("AIL-TK-101", "2026-01-10"), credential("AIL-PU-110", "2026-02-10")));
        JsonPath first = given().queryParam("asOf", "2026-11-01").get("/api/v1/learners/" + id + "/evaluation")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> stateless = given().contentType(ContentType.JSON)
                .body(Map.of("learner", id, "asOf", "2026-11-01", "held",
                        List.of(credential("AIL-TK-101", "2026-01-10"), credential("AIL-PU-110", "2026-02-10"))))
                .post("/api/v1/evaluations").then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(first.getList("qualifications")).isEqualTo(stateless.get("qualifications"));
        assertThat(first.getBoolean("recorded")).isTrue();
        assertThat(first.getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.status"))
                .isEqualTo("IN_PROGRESS");

        given().contentType(ContentType.JSON).body(credential("AIL-EA-140", "2026-03-01"))
                .post("/api/v1/learners/" + id + "/credentials").then().statusCode(200);
        JsonPath second = given().queryParam("asOf", "2026-11-01").get("/api/v1/learners/" + id + "/evaluation")
                .then().statusCode(200).extract().jsonPath();
        assertThat(second.getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.status"))
                .isEqualTo("ELIGIBLE");

        JsonPath history = given().get("/api/v1/learners/" + id + "/evaluations").then().statusCode(200)
                .extract().jsonPath();
        // Only evaluations of the record: the stateless request naming the same learner is not history. Each write
        // was evaluated when it was made (as of today), between the two asked for.
        List<String> evaluations = history.getList("evaluation");
        assertThat(evaluations).hasSize(4);
        assertThat(evaluations.get(0)).isEqualTo(second.getString("id"));
        assertThat(evaluations.get(2)).isEqualTo(first.getString("id"));
        assertThat(history.getString("[0].statuses.AI-LIT-AWARD")).isEqualTo("ELIGIBLE");
        // The change came with the credential's write.
        assertThat(history.getString("[1].asOf")).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                .toString());
        assertThat(history.getList("[1].changes.sentence", String.class)).anySatisfy(s -> assertThat(s)
                .startsWith("became ELIGIBLE for AI-LIT-AWARD on ").contains(" under ruleset "));
        assertThat(history.getString("[1].changes.find { it.qualification == 'AI-LIT-AWARD' }.from"))
                .isEqualTo("IN_PROGRESS");
        assertThat(history.getList("[0].changes.qualification")).doesNotContain("AI-LIT-AWARD");
        assertThat(history.getString("[3].changes.find { it.qualification == 'AI-LIT-AWARD' }.to"))
                .isEqualTo("IN_PROGRESS");
        given().get("/api/v1/evaluations/" + second.getString("id")).then().statusCode(200)
                .body("learner", equalTo(id));
    }

    @Test
    void learners_are_listed_by_prefix_a_page_at_a_time_and_by_a_qualification_status() {
        String prefix = unique("list") + "-";
        for (int i = 0; i < 5; i++) {
            put(prefix + i, List.of(credential("AIL-TK-101", "2026-01-10")));
        }
        put(prefix + "eligible", List.of(credential("AIL-TK-101", "2026-01-10"), credential("AIL-PU-110",
                "2026-02-10"), credential("AIL-EA-140", "2026-03-01")));
        given().queryParam("asOf", "2026-11-01").get("/api/v1/learners/" + prefix + "eligible/evaluation")
                .then().statusCode(200);
        given().queryParam("asOf", "2026-11-01").get("/api/v1/learners/" + prefix + "0/evaluation")
                .then().statusCode(200);

        JsonPath page1 = given().queryParam("idPrefix", prefix).queryParam("limit", 4).get("/api/v1/learners")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page1.getList("learners.id")).containsExactly(prefix + "0", prefix + "1", prefix + "2",
                prefix + "3");
        JsonPath page2 = given().queryParam("idPrefix", prefix).queryParam("limit", 4)
                .queryParam("after", page1.getString("next")).get("/api/v1/learners").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page2.getList("learners.id")).containsExactly(prefix + "4", prefix + "eligible");
        assertThat(page2.getString("next")).isNull();
        assertThat(page2.getInt("learners[1].held")).isEqualTo(3);

        JsonPath eligible = given().queryParam("idPrefix", prefix).queryParam("qualification", "AI-LIT-AWARD")
                .queryParam("status", "ELIGIBLE").get("/api/v1/learners").then().statusCode(200)
                .extract().jsonPath();
        assertThat(eligible.getList("learners.id")).containsExactly(prefix + "eligible");

        // A prefix is a prefix, not a pattern.
        assertThat(given().queryParam("idPrefix", "%").get("/api/v1/learners").then().statusCode(200)
                .extract().jsonPath().getList("learners")).isEmpty();
    }

    @Test
    void deleting_a_learner_removes_everything_that_names_them_and_says_what_was_kept() {
        String id = unique("forget");
        put(id, List.of(credential("AIL-TK-101", "2026-01-10")));
        String evaluation = given().get("/api/v1/learners/" + id + "/evaluation").then().statusCode(200)
                .extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("learner", id, "held",
                List.of(credential("AIL-TK-101", "2026-01-10")))).post("/api/v1/evaluations").then().statusCode(200);

        given().delete("/api/v1/learners/" + id).then().statusCode(200)
                // the write's own evaluation, the one asked for, and the caller's request naming the learner
                .body("credentials", equalTo(1)).body("changes", equalTo(1)).body("evaluations", equalTo(3))
                .body("kept", org.hamcrest.Matchers.startsWith("nothing that names the learner"));
        given().get("/api/v1/learners/" + id).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/evaluations/" + evaluation).then().statusCode(404);
        given().delete("/api/v1/learners/" + id).then().statusCode(404);
    }

    @Test
    void an_id_with_braces_or_percent_signs_is_named_exactly_in_the_location() throws Exception {
        String prefix = unique("odd");
        // Sent as the raw path /api/v1/learners/<prefix>%7Bx%7D%2541: the id is "<prefix>{x}%41".
        java.net.http.HttpResponse<String> created = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                                + io.restassured.RestAssured.port + "/api/v1/learners/" + prefix + "%7Bx%7D%2541"))
                        .header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"held\":[]}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).endsWith("/api/v1/learners/" + prefix + "%7Bx%7D%2541");
        assertThat(io.restassured.path.json.JsonPath.from(created.body()).getString("learner.id"))
                .isEqualTo(prefix + "{x}%41");
    }

    @Test
    void bad_input_is_a_problem_naming_the_field() {
        String id = unique("bad");
        given().contentType(ContentType.JSON).body(Map.of("held", List.of(credential("AIL-TK-101", "2026-01-10"),
                        credential("AIL-TK-101", "2026-02-10"))))
                .put("/api/v1/learners/" + id).then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("held[1].code"));
        given().contentType(ContentType.JSON).body(Map.of("held", List.of(Map.of("code", "AIL-TK-101"))))
                .put("/api/v1/learners/" + id).then().statusCode(400)
                .body("violations[0].field", org.hamcrest.Matchers.containsString("awarded"));
        given().contentType(ContentType.JSON).body(Map.of("code", "AIL-TK-101", "awarded", "1700-01-01"))
                .post("/api/v1/learners/" + id + "/credentials").then().statusCode(400)
                .body("violations[0].field", equalTo("credential.awarded"));
        given().contentType(ContentType.JSON).body(Map.of("held", List.of()))
                .put("/api/v1/learners/" + "x".repeat(201)).then().statusCode(400)
                .body("violations[0].field", equalTo("id"));
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(Map.of("held", List.of()))
                .put("/api/v1/learners/a%01b").then().statusCode(400).body("violations[0].field", equalTo("id"));
        given().contentType(ContentType.JSON).body(Map.of("held", List.of(Map.of("code", "AIL-TK-101",
                        "awarded", "2026-01-10", "issuer", "cardiff\u0000met"))))
                .put("/api/v1/learners/" + id).then().statusCode(400)
                .body("violations[0].field", org.hamcrest.Matchers.endsWith("held[0].issuer"));
        given().queryParam("after", "a\u0000").get("/api/v1/learners").then().statusCode(400)
                .body("violations[0].field", equalTo("after"));
        given().queryParam("limit", "0").get("/api/v1/learners").then().statusCode(400)
                .body("violations[0].field", equalTo("limit"));
        given().queryParam("qualification", "AI-LIT-AWARD").get("/api/v1/learners").then().statusCode(400)
                .body("violations[0].field", equalTo("status"));
        given().queryParam("qualification", "AI-LIT-AWARD").queryParam("status", "DONE").get("/api/v1/learners")
                .then().statusCode(400).body("violations[0].field", equalTo("status"));
        put(id, List.of(credential("AIL-TK-101", "2026-01-10")));
        given().queryParam("asOf", "yesterday").get("/api/v1/learners/" + id + "/evaluation").then()
                .statusCode(400).body("violations[0].field", equalTo("asOf"));
        given().get("/api/v1/learners/" + unique("nobody") + "/evaluation").then().statusCode(404);
    }
}
