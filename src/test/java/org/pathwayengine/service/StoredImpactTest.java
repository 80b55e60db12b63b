package org.pathwayengine.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathwayengine.TestRules;


import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule change previewed on every stored learner before it goes live: the learners it would make eligible and
 * those it would make lose eligibility, per qualification, named only to those who may read learner records.
 */
@QuarkusTest
@TestSecurity(user = "designer-ann", roles = "admin")
@TestProfile(ReloadFixtures.Manual.class)
class StoredImpactTest extends ScratchRulesTest {

    @BeforeEach
    void onlyThisTestsLearners() {
        QuarkusTransaction.requiringNew().run(() -> {
            var em = LearnerRow.getEntityManager();
            em.createNativeQuery("DELETE FROM learner").executeUpdate();
        });
        RulesetReloadResourceTest.reload();
        store("one-practice-0", "AIL-PU-110");
        store("one-practice-1", "AIL-PU-110");
        store("one-practice-2", "AIL-PU-120");
        store("both-practices", "AIL-PU-110", "AIL-PU-120");
    }

    /** Stored directly: one test runs as a curriculum designer, who may not write learner records. */
    private static void store(String id, String... practice) {
        StringBuilder held = new StringBuilder("[{\"code\":\"AIL-TK-101\",\"awarded\":\"2026-06-01\"},"
                + "{\"code\":\"AIL-EA-140\",\"awarded\":\"2026-06-01\"}");
        for (String code : practice) {
            held.append(",{\"code\":\"").append(code).append("\",\"awarded\":\"2026-06-01\"}");
        }
        String json = held.append(']').toString();
        QuarkusTransaction.requiringNew().run(() -> LearnerRow.getEntityManager().createNativeQuery(
                        "INSERT INTO learner (id, version, created_at, updated_at, held) VALUES (?1, 1, now(), now(),"
                                + " CAST(?2 AS jsonb))")
                .setParameter(1, id).setParameter(2, json).executeUpdate());
    }

    private static JsonPath preview() throws InterruptedException {
        Response started = given().post("/api/v1/rulesets/impact/stored");
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.header("Location");
        for (int i = 0; i < 600; i++) {
            JsonPath status = given().get(location).then().statusCode(200).extract().jsonPath();
            if (!status.getString("state").equals("RUNNING")) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the preview did not finish in a minute");
    }

    @Test
    void a_stricter_award_shows_who_would_lose_it_before_it_goes_live() throws Exception {
        String served = RulesetReloadResourceTest.current().getString("version");
        // Both practical-use modules instead of one.
        TestRules.edit(dir, "pathways/ai-literacy.yaml", "choose: 1", "choose: 2");

        JsonPath impact = preview();
        assertThat(impact.getString("state")).isEqualTo("DONE");
        assertThat(impact.getInt("total")).isEqualTo(4);
        assertThat(impact.getInt("done")).isEqualTo(4);
        assertThat(impact.getString("servedVersion")).isEqualTo(served);
        assertThat(impact.getString("candidateVersion")).isNotEqualTo(served);
        assertThat(impact.getList("lostEligibility.qualification")).containsExactly("AI-LIT-AWARD");
        assertThat(impact.getInt("lostEligibility[0].learners")).isEqualTo(3);
        assertThat(impact.getList("lostEligibility[0].first")).containsExactly("one-practice-0", "one-practice-1",
                "one-practice-2");
        assertThat(impact.getList("becameEligible")).isEmpty();
        // Nothing was served or recorded.
        assertThat(RulesetReloadResourceTest.current().getString("version")).isEqualTo(served);
        assertThat(QuarkusTransaction.requiringNew().call(() -> EvaluationRecord.count("learner",
                "one-practice-0"))).isZero();
        // A learner deleted afterwards is no longer named by the preview.
        given().delete("/api/v1/learners/one-practice-0").then().statusCode(200);
        JsonPath after = given().get("/api/v1/rulesets/impact/stored/" + impact.getString("id")).then()
                .statusCode(200).extract().jsonPath();
        assertThat(after.getInt("lostEligibility[0].learners")).isEqualTo(3);
        assertThat(after.getList("lostEligibility[0].first")).containsExactly("one-practice-1", "one-practice-2");
    }

    @Test
    void unchanged_rules_move_nobody_and_rules_that_do_not_load_say_why() throws Exception {
        JsonPath same = preview();
        assertThat(same.getString("state")).isEqualTo("DONE");
        assertThat(same.getString("candidateVersion")).isEqualTo(same.getString("servedVersion"));
        assertThat(same.getList("lostEligibility")).isEmpty();
        assertThat(same.getList("becameEligible")).isEmpty();

        ReloadFixtures.breakDrl(dir);
        JsonPath broken = preview();
        assertThat(broken.getString("state")).isEqualTo("FAILED");
        assertThat(broken.getString("message")).startsWith("the rules directory does not load (1 error, the first ")
                .contains("policies/recency.drl");
        given().get("/api/v1/rulesets/impact/stored/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "designer-bo", roles = "curriculum")
    void a_curriculum_designer_sees_the_counts_but_not_who() throws Exception {
        TestRules.edit(dir, "pathways/ai-literacy.yaml", "choose: 1", "choose: 2");
        JsonPath impact = preview();
        assertThat(impact.getInt("lostEligibility[0].learners")).isEqualTo(3);
        assertThat(impact.getList("lostEligibility[0].first")).isNull();
    }
}
