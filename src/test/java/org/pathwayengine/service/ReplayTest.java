package org.pathwayengine.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A recorded answer replayed on the ruleset version that gave it, after the rules have changed: its files are
 * archived with the first answer it gave, so the replay is the same answer; a recorded answer that differs from
 * what its rules give is reported field by field.
 */
@QuarkusTest
@TestSecurity(user = "registrar-jo", roles = "admin")
@TestProfile(ReloadFixtures.Manual.class)
class ReplayTest extends ScratchRulesTest {

    private static JsonPath evaluate(String query) throws IOException {
        return given().contentType(ContentType.JSON)
                .body(Files.readString(Path.of("openapi/examples/evaluation-request.json")))
                .post("/api/v1/evaluations" + query).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath replay(String id) {
        return given().post("/api/v1/evaluations/" + id + "/replay").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
    }

    @Test
    void an_answer_replays_the_same_on_its_own_version_after_the_rules_changed() throws IOException {
        RulesetReloadResourceTest.reload();
        JsonPath before = evaluate("");
        JsonPath bare = evaluate("?nextSteps=false");
        String old = before.getString("rulesetVersion");

        ReloadFixtures.retitle(dir, " (replayed)");
        assertThat(RulesetReloadResourceTest.reload().getString("outcome")).isEqualTo("SWAPPED");
        assertThat(evaluate("").getString("rulesetVersion")).isNotEqualTo(old);

        JsonPath replay = replay(before.getString("id"));
        assertThat(replay.getBoolean("same")).as(replay.prettify()).isTrue();
        assertThat(replay.getInt("differing")).isZero();
        assertThat(replay.getString("rulesetVersion")).isEqualTo(old);
        assertThat(replay.getString("replayedOn")).isEqualTo(old);
        assertThat(replay(bare.getString("id")).getBoolean("same")).isTrue();
    }

    @Test
    void a_recorded_answer_its_rules_would_not_give_is_reported_field_by_field() throws IOException {
        RulesetReloadResourceTest.reload();
        JsonPath answer = evaluate("");
        String id = answer.getString("id");
        // Someone edits the stored answer: the award was not eligible after all.
        QuarkusTransaction.requiringNew().run(() -> EvaluationRecord.getEntityManager().createNativeQuery(
                        "UPDATE evaluation_record SET result = jsonb_set(result, '{qualifications,0,status}',"
                                + " '\"IN_PROGRESS\"') WHERE id = ?1")
                .setParameter(1, UUID.fromString(id)).executeUpdate());

        JsonPath replay = replay(id);
        assertThat(replay.getBoolean("same")).isFalse();
        assertThat(replay.getInt("differing")).as(replay.prettify()).isEqualTo(1);
        assertThat(replay.getString("differences[0].path")).isEqualTo("qualifications[0].status");
        assertThat(replay.getString("differences[0].recorded")).isEqualTo("IN_PROGRESS");
        assertThat(replay.getString("differences[0].replayed")).isEqualTo("ELIGIBLE");
    }

    @Test
    void an_answer_whose_rules_were_never_archived_cannot_be_replayed_and_says_why() throws IOException {
        RulesetReloadResourceTest.reload();
        String id = evaluate("").getString("id");
        QuarkusTransaction.requiringNew().run(() -> EvaluationRecord.getEntityManager().createNativeQuery(
                        "UPDATE evaluation_record SET ruleset_version = 'never-archived' WHERE id = ?1")
                .setParameter(1, UUID.fromString(id)).executeUpdate());

        given().post("/api/v1/evaluations/" + id + "/replay").then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", equalTo("evaluation " + id + " was answered by ruleset never-archived, whose files"
                        + " were not archived (it was recorded before rulesets were archived), so it cannot be"
                        + " replayed"));
        given().post("/api/v1/evaluations/" + UUID.randomUUID() + "/replay").then().statusCode(404);
        given().post("/api/v1/evaluations/not-a-uuid/replay").then().statusCode(400)
                .body("violations[0].field", equalTo("id"));
    }
}
