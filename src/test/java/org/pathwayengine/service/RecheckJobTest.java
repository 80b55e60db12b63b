package org.pathwayengine.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stored learner re-checked when a ruleset goes live: the job appears, works through the learners in chunks
 * and says who became eligible and who stopped being; two instances claiming chunks of one job each take
 * different learners; a chunk an instance claimed and never finished is claimed again after the claim timeout.
 */
@QuarkusTest
@TestSecurity(user = "registrar-jo", roles = "admin")
@TestProfile(RecheckJobTest.Rechecking.class)
class RecheckJobTest extends ScratchRulesTest {

    /** Re-checks on, in chunks of 3, looked for every 200 ms; reloads only when asked. */
    public static class Rechecking implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pathways.rules.watch.enabled", "false", "pathways.recheck.enabled", "true",
                    "pathways.recheck.interval", "200ms", "pathways.recheck.chunk", "3",
                    "pathways.recheck.claim-timeout", "30s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ReloadFixtures.RulesCopy.class));
        }
    }

    @Inject
    RecheckJobs jobs;

    @BeforeEach
    void onlyThisTestsLearners() {
        // Jobs re-check every stored learner: start from none, so that a job's result is this test's alone. The
        // instance pauses first: at start it began re-checking whatever learners earlier tests left.
        jobs.pause(true);
        QuarkusTransaction.requiringNew().run(() -> {
            var em = RecheckJobRow.getEntityManager();
            em.createNativeQuery("DELETE FROM recheck_job").executeUpdate();
            em.createNativeQuery("DELETE FROM learner").executeUpdate();
            // As DELETE /api/v1/learners/{id} does: a learner's history goes with the record.
            em.createNativeQuery("DELETE FROM evaluation_record WHERE of_record").executeUpdate();
        });
    }

    @AfterEach
    void resume() {
        jobs.pause(false);
    }

    private static final List<Map<String, Object>> AWARD = List.of(held("AIL-TK-101"), held("AIL-PU-110"),
            held("AIL-EA-140"));
    private static final List<Map<String, Object>> NOT_YET = List.of(held("AIL-TK-101"), held("AIL-PU-110"));

    private static Map<String, Object> held(String code) {
        return Map.of("code", code, "awarded", "2026-06-01");
    }

    /**
     * A record as one stored while no rules were served (or before writes were evaluated): its write's own
     * evaluation is taken out, so the re-check is its first.
     */
    private static void put(String id, List<Map<String, Object>> held) {
        given().contentType(ContentType.JSON).body(Map.of("held", held)).put("/api/v1/learners/" + id)
                .then().statusCode(201);
        QuarkusTransaction.requiringNew().run(() -> {
            var em = RecheckJobRow.getEntityManager();
            em.createNativeQuery("DELETE FROM evaluation_record WHERE of_record AND learner = ?1").setParameter(1, id)
                    .executeUpdate();
            em.createNativeQuery("DELETE FROM event_outbox WHERE learner_id = ?1").setParameter(1, id)
                    .executeUpdate();
            em.createNativeQuery("UPDATE learner SET statuses = NULL, statuses_at = NULL WHERE id = ?1")
                    .setParameter(1, id).executeUpdate();
        });
    }

    /** Makes a new version live; its job re-checks everyone. */
    private String newVersion() throws java.io.IOException {
        ReloadFixtures.retitle(dir, " (" + UUID.randomUUID() + ")");
        JsonPath reload = RulesetReloadResourceTest.reload();
        assertThat(reload.getString("outcome")).isEqualTo("SWAPPED");
        return reload.getString("servingVersion");
    }

    private static JsonPath untilDone(String version) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonPath list = given().get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
            String id = list.getString("find { it.rulesetVersion == '" + version + "' }.id");
            if (id != null) {
                JsonPath job = given().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
                if (job.getString("state").equals("DONE")) {
                    return job;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the job of " + version + " did not finish in a minute");
    }

    @Test
    void a_ruleset_going_live_re_checks_every_learner_and_says_who_moved() throws Exception {
        for (int i = 0; i < 4; i++) {
            put("award-" + i, AWARD);
        }
        for (int i = 0; i < 3; i++) {
            put("partway-" + i, NOT_YET);
        }
        String version = newVersion();
        jobs.pause(false);
        JsonPath first = untilDone(version);
        assertThat(first.getInt("total")).isEqualTo(7);
        assertThat(first.getInt("done")).isEqualTo(7);
        assertThat(first.getString("becameEligible.find { it.qualification == 'AI-LIT-AWARD' }.learners"))
                .isEqualTo("4");
        assertThat(first.getList("becameEligible.find { it.qualification == 'AI-LIT-AWARD' }.first"))
                .containsExactly("award-0", "award-1", "award-2", "award-3");
        assertThat(first.getList("lostEligibility")).isEmpty();
        assertThat(first.getDouble("perSecond")).isPositive();
        // Each learner's history has the re-check, without next steps.
        JsonPath history = given().get("/api/v1/learners/award-0/evaluations").then().statusCode(200)
                .extract().jsonPath();
        assertThat(history.getList("evaluation")).hasSize(1);
        assertThat(history.getString("[0].statuses.AI-LIT-AWARD")).isEqualTo("ELIGIBLE");

        // Records change: each write is evaluated when it is made, so the move is in the learner's history at once
        // and the next version's job, which says what the rules changed, finds nobody moved by it.
        given().delete("/api/v1/learners/award-0/credentials/AIL-EA-140").then().statusCode(200);
        given().contentType(ContentType.JSON).body(held("AIL-EA-140"))
                .post("/api/v1/learners/partway-0/credentials").then().statusCode(200);
        assertThat(given().get("/api/v1/learners/award-0/evaluations").then().extract().jsonPath()
                .getString("[0].changes.find { it.qualification == 'AI-LIT-AWARD' }.from")).isEqualTo("ELIGIBLE");
        assertThat(given().get("/api/v1/learners/partway-0/evaluations").then().extract().jsonPath()
                .getString("[0].changes.find { it.qualification == 'AI-LIT-AWARD' }.to")).isEqualTo("ELIGIBLE");
        JsonPath second = untilDone(newVersion());
        assertThat(second.getInt("done")).isEqualTo(7);
        assertThat(second.getList("becameEligible")).isEmpty();
        assertThat(second.getList("lostEligibility")).isEmpty();
    }

    @Test
    void a_version_served_again_after_another_is_a_new_activation_and_re_checked_again() {
        jobs.pause(true);
        UUID first = jobs.ensureJob("version-a");
        assertThat(jobs.ensureJob("version-a")).isEqualTo(first);
        UUID second = jobs.ensureJob("version-b");
        UUID again = jobs.ensureJob("version-a");
        assertThat(again).isNotIn(first, second);
        given().get("/api/v1/jobs").then().statusCode(200)
                .body("[0].id", org.hamcrest.Matchers.equalTo(again.toString()));
        // An instance still on rules older than the newest job (its reload not made yet, or refused) makes none.
        assertThat(jobs.ensureJob("version-b", java.time.Instant.now().minusSeconds(3600))).isNull();
        assertThat(jobs.ensureJob("version-a", java.time.Instant.now().minusSeconds(3600))).isEqualTo(again);
    }

    @Test
    @TestSecurity(user = "designer-bo", roles = "curriculum")
    void a_curriculum_designer_sees_how_many_moved_but_not_who() throws Exception {
        jobs.pause(true);
        QuarkusTransaction.requiringNew().run(() -> RecheckJobRow.getEntityManager().createNativeQuery(
                "INSERT INTO learner (id, version, created_at, updated_at, held) VALUES ('quiet', 1, now(), now(),"
                        + " '[{\"code\":\"AIL-TK-101\",\"awarded\":\"2026-06-01\"},{\"code\":\"AIL-PU-110\","
                        + "\"awarded\":\"2026-06-01\"},{\"code\":\"AIL-EA-140\",\"awarded\":\"2026-06-01\"}]')")
                .executeUpdate());
        String version = newVersion();
        UUID job = jobs.ensureJob(version);
        while (jobs.work(job, version, "instance-e") > 0) {
            // until nothing is left
        }
        JsonPath shown = given().get("/api/v1/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(shown.getInt("becameEligible.find { it.qualification == 'AI-LIT-AWARD' }.learners")).isEqualTo(1);
        assertThat(shown.getList("becameEligible.find { it.qualification == 'AI-LIT-AWARD' }.first")).isNull();
    }

    @Test
    void two_instances_share_one_job_without_checking_a_learner_twice() throws Exception {
        jobs.pause(true);
        for (int i = 0; i < 20; i++) {
            put(String.format("shared-%02d", i), i % 2 == 0 ? AWARD : NOT_YET);
        }
        String version = newVersion();
        UUID job = jobs.ensureJob(version);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> shares = new ArrayList<>();
            for (String instance : List.of("instance-a", "instance-b")) {
                shares.add(pool.submit(() -> {
                    int mine = 0;
                    for (int n; (n = jobs.work(job, version, instance)) > 0; ) {
                        mine += n;
                    }
                    return mine;
                }));
            }
            assertThat(shares.get(0).get() + shares.get(1).get()).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
        List<?> claims = QuarkusTransaction.requiringNew().call(() -> RecheckJobRow.getEntityManager()
                .createNativeQuery("SELECT learner_id, claimed_by, evaluation FROM recheck_item WHERE job_id = ?1"
                        + " AND done_at IS NOT NULL").setParameter(1, job).getResultList());
        assertThat(claims).hasSize(20);
        JsonPath done = given().get("/api/v1/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(done.getString("state")).isEqualTo("DONE");
        assertThat(done.getInt("done")).isEqualTo(20);
        assertThat(done.getString("becameEligible.find { it.qualification == 'AI-LIT-AWARD' }.learners"))
                .isEqualTo("10");
        // One evaluation per learner: nobody was checked twice.
        for (int i = 0; i < 20; i++) {
            assertThat(given().get(String.format("/api/v1/learners/shared-%02d/evaluations", i)).then()
                    .extract().jsonPath().getList("evaluation")).hasSize(1);
        }
    }

    @Test
    void a_learner_that_cannot_be_re_checked_is_counted_as_failed_and_the_rest_of_its_chunk_goes_on()
            throws Exception {
        jobs.pause(true);
        for (int i = 0; i < 3; i++) {
            put("fine-" + i, AWARD);
        }
        // A record no evaluation can read (written around the API, as a faulty migration might): first in its chunk.
        QuarkusTransaction.requiringNew().run(() -> RecheckJobRow.getEntityManager().createNativeQuery(
                "INSERT INTO learner (id, version, created_at, updated_at, held) VALUES ('broken', 1, now(), now(),"
                        + " '[{\"code\": 5, \"awarded\": \"2026-06-01\"}]')").executeUpdate());
        String version = newVersion();
        UUID job = jobs.ensureJob(version);
        while (jobs.work(job, version, "instance-d") > 0) {
            // until nothing is left to claim
        }
        JsonPath done = given().get("/api/v1/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(done.getString("state")).isEqualTo("DONE");
        assertThat(done.getInt("done")).isEqualTo(4);
        assertThat(RulesetReloadResourceTest.metric("pathways_recheck_learners_total", "outcome", "failed"))
                .isGreaterThanOrEqualTo(1);
        assertThat(done.getInt("failed")).isEqualTo(1);
        assertThat(done.getList("becameEligible.find { it.qualification == 'AI-LIT-AWARD' }.first"))
                .containsExactly("fine-0", "fine-1", "fine-2");
        Object error = QuarkusTransaction.requiringNew().call(() -> RecheckJobRow.getEntityManager()
                .createNativeQuery("SELECT error FROM recheck_item WHERE job_id = ?1 AND learner_id = 'broken'")
                .setParameter(1, job).getSingleResult());
        assertThat((String) error).startsWith("could not be re-checked: ");
    }

    @Test
    void a_chunk_claimed_by_an_instance_that_stopped_is_claimed_again_after_the_timeout() throws Exception {
        jobs.pause(true);
        for (int i = 0; i < 5; i++) {
            put("resumed-" + i, AWARD);
        }
        String version = newVersion();
        UUID job = jobs.ensureJob(version);
        // An instance claimed two learners and stopped an hour ago; another claimed one a moment ago.
        QuarkusTransaction.requiringNew().run(() -> {
            var em = RecheckJobRow.getEntityManager();
            em.createNativeQuery("UPDATE recheck_item SET claimed_by = 'stopped', claimed_at = now() - interval"
                    + " '1 hour' WHERE job_id = ?1 AND learner_id IN ('resumed-0', 'resumed-1')")
                    .setParameter(1, job).executeUpdate();
            em.createNativeQuery("UPDATE recheck_item SET claimed_by = 'busy', claimed_at = now() WHERE job_id = ?1"
                    + " AND learner_id = 'resumed-2'").setParameter(1, job).executeUpdate();
        });
        int done = 0;
        for (int n; (n = jobs.work(job, version, "instance-c")) > 0; ) {
            done += n;
        }
        assertThat(done).isEqualTo(4);
        JsonPath running = given().get("/api/v1/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(running.getString("state")).isEqualTo("RUNNING");
        assertThat(running.getInt("done")).isEqualTo(4);
        assertThat(running.getInt("total")).isEqualTo(5);
        assertThat(running.getLong("etaSeconds")).isNotNegative();

        // The busy instance's claim runs out too, and then the job can finish.
        QuarkusTransaction.requiringNew().run(() -> RecheckJobRow.getEntityManager().createNativeQuery(
                        "UPDATE recheck_item SET claimed_at = now() - interval '1 hour' WHERE job_id = ?1")
                .setParameter(1, job).executeUpdate());
        assertThat(jobs.work(job, version, "instance-c")).isEqualTo(1);
        assertThat(jobs.work(job, version, "instance-c")).isZero();
        given().get("/api/v1/jobs/" + job).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("DONE")).body("done", org.hamcrest.Matchers.equalTo(5));
        // Deleting a learner takes it out of the job's counts too.
        given().delete("/api/v1/learners/resumed-4").then().statusCode(200);
        given().get("/api/v1/jobs/" + job).then().body("total", org.hamcrest.Matchers.equalTo(4))
                .body("done", org.hamcrest.Matchers.equalTo(4));
        given().get("/api/v1/jobs/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/api/v1/jobs/not-a-job").then().statusCode(400);
    }
}
