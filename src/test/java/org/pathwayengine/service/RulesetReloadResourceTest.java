package org.pathwayengine.service;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's reload over HTTP, on a scratch copy of the sample rules: what each outcome answers, what
 * {@code GET /api/v1/rulesets/current} and the metrics then show, and that a rejected candidate is never served.
 */
@QuarkusTest
// Access control is AccessControlTest's subject; here every request runs as an admin.
@TestSecurity(user = "test-admin", roles = "admin")
@TestProfile(ReloadFixtures.Manual.class)
class RulesetReloadResourceTest extends ScratchRulesTest {

    @BeforeEach
    void servingTheSampleRules() {
        reload();
    }

    @Test
    void reloading_files_that_did_not_change_answers_unchanged_and_keeps_the_loaded_time() {
        JsonPath before = current();
        JsonPath answer = reload();
        assertThat(answer.getString("outcome")).isEqualTo("UNCHANGED");
        assertThat(answer.getString("trigger")).isEqualTo("OPERATOR");
        assertThat(answer.getString("servingVersion")).isEqualTo(before.getString("version"));
        assertThat(answer.getList("errors")).isEmpty();
        JsonPath after = current();
        assertThat(after.getString("loadedAt")).isEqualTo(before.getString("loadedAt"));
        assertThat(after.getString("lastReload.outcome")).isEqualTo("UNCHANGED");
    }

    @Test
    void a_valid_change_is_swapped_in_and_the_next_answers_name_it() throws IOException {
        String before = current().getString("version");
        ReloadFixtures.retitle(dir, " (revised)");

        JsonPath answer = reload();
        assertThat(answer.getString("outcome")).isEqualTo("SWAPPED");
        String version = answer.getString("candidateVersion");
        assertThat(version).isNotEqualTo(before).isEqualTo(answer.getString("servingVersion"));
        assertThat(answer.getString("message")).isEqualTo("now serving " + version + " (was " + before + ")");

        JsonPath current = current();
        assertThat(current.getString("version")).isEqualTo(version);
        assertThat(current.getString("lastReload.outcome")).isEqualTo("SWAPPED");
        JsonPath evaluation = evaluate();
        assertThat(evaluation.getString("rulesetVersion")).isEqualTo(version);
        assertThat(evaluation.getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.title"))
                .isEqualTo(ReloadFixtures.AWARD_TITLE + " (revised)");
    }

    @Test
    void a_drl_syntax_error_is_rejected_with_its_file_and_line_and_the_last_good_version_keeps_serving()
            throws IOException {
        String good = current().getString("version");
        double rejectedBefore = metric("pathways_ruleset_reloads_total", "outcome", "rejected");
        ReloadFixtures.breakDrl(dir);

        JsonPath answer = reload();
        assertThat(answer.getString("outcome")).isEqualTo("REJECTED");
        assertThat(answer.getString("candidateVersion")).isEqualTo(RulesetLoader.fingerprint(dir)).isNotEqualTo(good);
        assertThat(answer.getString("servingVersion")).isEqualTo(good);
        List<Map<String, Object>> errors = answer.getList("errors");
        assertThat(errors).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("file")).isEqualTo("policies/recency.drl");
            assertThat(e.get("line")).isEqualTo(ReloadFixtures.BROKEN_DRL_LINE);
            assertThat(e.get("severity")).isEqualTo("ERROR");
            assertThat((String) e.get("message")).isNotBlank();
        });

        JsonPath current = current();
        assertThat(current.getString("version")).isEqualTo(good);
        assertThat(current.getString("lastReload.outcome")).isEqualTo("REJECTED");
        assertThat(current.getString("lastReload.candidateVersion")).isEqualTo(answer.getString("candidateVersion"));
        assertThat(current.getInt("lastReload.errors[0].line")).isEqualTo(ReloadFixtures.BROKEN_DRL_LINE);
        assertThat(evaluate().getString("rulesetVersion")).isEqualTo(good);
        assertThat(metric("pathways_ruleset_reloads_total", "outcome", "rejected")).isEqualTo(rejectedBefore + 1);
        assertThat(metric("pathways_ruleset_info", "version", good)).isEqualTo(1.0);

        JsonPath again = reload();
        assertThat(again.getString("outcome")).as("asking again gives the same answer").isEqualTo("REJECTED");
        assertThat(again.getList("errors")).isEqualTo(errors);
    }

    @Test
    void valid_rules_whose_scenario_fails_are_rejected_naming_the_scenario() throws IOException {
        String good = current().getString("version");
        ReloadFixtures.breakScenario(dir);

        JsonPath answer = reload();
        assertThat(answer.getString("outcome")).isEqualTo("REJECTED");
        assertThat(answer.getString("servingVersion")).isEqualTo(good);
        assertThat(answer.getList("errors")).isEmpty();
        assertThat(answer.getString("message")).isEqualTo("0 errors, 1 failing scenario; still serving " + good);
        assertThat(answer.getString("failedScenarios[0].file")).isEqualTo("policies/recency.scenarios.yaml");
        assertThat(answer.getInt("failedScenarios[0].line")).isEqualTo(4);
        assertThat(answer.getString("failedScenarios[0].name"))
                .startsWith("a still-valid credential from over three years ago");
        assertThat(answer.getList("failedScenarios[0].failures", String.class))
                .contains("status of AI-LIT-AWARD: expected ELIGIBLE but was IN_PROGRESS");
        assertThat(current().getString("version")).isEqualTo(good);
    }

    @Test
    void a_hostile_policy_is_rejected_by_a_reload_never_runs_and_the_last_good_version_keeps_serving()
            throws IOException {
        String good = current().getString("version");
        Path marker = dir.resolve("ran");
        Files.writeString(dir.resolve("policies/hostile.drl"), """
                package policies;
                import org.pathwayengine.facts.*;

                rule "Runs a process"
                    @id("POL-HOSTILE-001")
                    @description("Tries to run a command as the service's user.")
                when
                    $h : Held( )
                then
                    Runtime.getRuntime().exec(new String[] {"touch", "%s"});
                end

                rule "Nests without end"
                    @id("POL-HOSTILE-002")
                    @description("A condition nested deep enough to exhaust the parser's stack.")
                when
                    $h : Held( %s )
                then
                end
                """.formatted(marker, "(".repeat(5_000) + "code == \"X\"" + ")".repeat(5_000)));

        JsonPath answer = reload();
        assertThat(answer.getString("outcome")).isEqualTo("REJECTED");
        assertThat(answer.getString("servingVersion")).isEqualTo(good);
        assertThat(answer.getList("errors", Map.class)).extracting(e -> e.get("file") + ":" + e.get("line")
                        + " " + e.get("message"))
                .containsExactly("policies/hostile.drl:17 brackets are nested more than 50 levels deep; split the"
                        + " condition or the expression");

        // With the stack exhaustion gone, the process call is what is left to refuse.
        ReloadFixtures.replace(dir, "policies/hostile.drl", "(".repeat(5_000), "(");
        ReloadFixtures.replace(dir, "policies/hostile.drl", ")".repeat(5_000), ")");
        JsonPath second = reload();
        assertThat(second.getString("outcome")).isEqualTo("REJECTED");
        assertThat(second.getList("errors", Map.class)).extracting(e -> e.get("file") + ":" + e.get("line")
                        + " " + e.get("message"))
                .allMatch(e -> e.startsWith("policies/hostile.drl:10 rule \"Runs a process\" calls java.lang.Runtime."))
                .anyMatch(e -> e.contains("calls java.lang.Runtime.exec(...)"));

        assertThat(current().getString("version")).isEqualTo(good);
        assertThat(evaluate().getString("rulesetVersion")).isEqualTo(good);
        assertThat(marker).as("the policy never ran").doesNotExist();
    }

    @Test
    void a_policy_rule_no_scenario_makes_fire_is_rejected() throws IOException {
        Files.writeString(dir.resolve("policies/unexercised.drl"), """
                package policies;
                import org.pathwayengine.facts.*;

                rule "Never seen in a scenario"
                    @id("POL-UNSEEN-001")
                    @description("Excludes learning above level 7, which no scenario holds.")
                when
                    $h : Held( level > 7 )
                then
                    insert(Excluded.everywhere(kcontext, $h, "above level 7"));
                end
                """);
        Files.writeString(dir.resolve("policies/unexercised.scenarios.yaml"), "[]\n");

        JsonPath answer = reload();
        assertThat(answer.getString("outcome")).isEqualTo("REJECTED");
        assertThat(answer.getList("errors", Map.class)).anySatisfy(e -> {
            assertThat(e.get("file")).isEqualTo("policies/unexercised.drl");
            assertThat(e.get("line")).isEqualTo(4);
            assertThat((String) e.get("message")).startsWith("rule POL-UNSEEN-001 is not exercised");
        });
    }

    @Test
    void the_metrics_count_every_outcome() throws IOException {
        double unchanged = metric("pathways_ruleset_reloads_total", "outcome", "unchanged");
        double swapped = metric("pathways_ruleset_reloads_total", "outcome", "swapped");
        reload();
        ReloadFixtures.retitle(dir, " (counted)");
        String version = reload().getString("servingVersion");
        assertThat(metric("pathways_ruleset_reloads_total", "outcome", "unchanged")).isEqualTo(unchanged + 1);
        assertThat(metric("pathways_ruleset_reloads_total", "outcome", "swapped")).isEqualTo(swapped + 1);
        assertThat(metric("pathways_ruleset_info", "version", version)).isEqualTo(1.0);
    }

    @Test
    void the_effect_of_a_change_on_recorded_learners_is_shown_before_it_is_served() throws IOException {
        String served = current().getString("version");
        // A real learner, recorded: the README's example holds exactly the Award's three credentials.
        String id = evaluate().getString("id");
        assertThat(id).isNotNull();
        // The change: the ethical-awareness group (the Award and the CertHE use it) asks for two credentials.
        ReloadFixtures.replace(dir, "pathways/ai-literacy.yaml",
                "    title: One credential in ethical awareness\n    requires:\n      count: 1\n",
                "    title: Two credentials in ethical awareness\n    requires:\n      count: 2\n");

        JsonPath impact = given().post("/api/v1/rulesets/impact?recorded=20")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertThat(impact.getString("before")).isEqualTo(served);
        assertThat(impact.getString("after")).isEqualTo(RulesetLoader.fingerprint(dir)).isNotEqualTo(served);
        assertThat(impact.getList("sources", String.class)).anyMatch(s -> s.endsWith(" from scenarios"))
                .anyMatch(s -> s.matches("[1-9]\\d* from the most recent recorded evaluations"));
        assertThat(impact.getInt("moves.find { it.qualification == 'AI-LIT-AWARD' && it.from == 'ELIGIBLE'"
                + " && it.to == 'IN_PROGRESS' }.learners")).isPositive();
        String mine = "changed.find { it.learner.startsWith('evaluation " + id + " of ') }";
        assertThat(impact.getList(mine + ".changes", Map.class)).anySatisfy(c -> {
            assertThat(c.get("qualification")).isEqualTo("AI-LIT-AWARD");
            assertThat(c.get("aspect")).isEqualTo("status");
            assertThat(c.get("before")).isEqualTo("ELIGIBLE");
            assertThat(c.get("after")).isEqualTo("IN_PROGRESS");
        });
        // Nothing was served differently.
        assertThat(current().getString("version")).isEqualTo(served);
        assertThat(evaluate().getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.status"))
                .isEqualTo("ELIGIBLE");
    }

    @Inject
    EvaluationService evaluations;

    @Test
    @TestSecurity(user = "designer", roles = "curriculum")
    void a_curriculum_team_sees_the_effect_on_recorded_learners_but_not_the_keys_to_their_records()
            throws IOException {
        // Recorded as an LMS would, on the service itself (this caller may not evaluate).
        String id = evaluations.evaluate(org.pathwayengine.evaluation.RequestJson.mapper().readValue(
                Files.readString(Path.of("openapi/examples/evaluation-request.json")),
                org.pathwayengine.evaluation.EvaluationRequest.class)).id().toString();
        ReloadFixtures.replace(dir, "pathways/ai-literacy.yaml",
                "    title: One credential in ethical awareness\n    requires:\n      count: 1\n",
                "    title: Two credentials in ethical awareness\n    requires:\n      count: 2\n");

        String impact = given().post("/api/v1/rulesets/impact?recorded=20")
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        assertThat(impact).contains("a recorded evaluation of ").doesNotContain(id)
                .doesNotContainPattern("evaluation [0-9a-f]{8}-[0-9a-f]{4}-");
    }

    @Test
    void an_impact_preview_of_rules_that_do_not_load_or_a_bad_count_is_a_problem() throws IOException {
        given().post("/api/v1/rulesets/impact?recorded=501")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", org.hamcrest.Matchers.equalTo("recorded"));
        given().post("/api/v1/rulesets/impact?recorded=many")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", org.hamcrest.Matchers.equalTo("recorded"));
        ReloadFixtures.breakDrl(dir);
        given().post("/api/v1/rulesets/impact")
                .then().statusCode(422).contentType("application/problem+json")
                .body("violations[0].field", org.hamcrest.Matchers.equalTo("policies/recency.drl:"
                        + ReloadFixtures.BROKEN_DRL_LINE));
    }

    @Test
    void a_caller_that_prefers_not_to_wait_is_answered_202_and_finds_the_outcome_where_location_says()
            throws IOException {
        String before = current().getString("version");
        ReloadFixtures.retitle(dir, " (async)");

        io.restassured.response.Response accepted = given().header("Prefer", "respond-async")
                .post("/api/v1/rulesets/reload");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.header("Preference-Applied")).isEqualTo("respond-async");
        assertThat(accepted.header("Retry-After")).isEqualTo("2");
        String location = accepted.header("Location");
        String id = accepted.jsonPath().getString("id");
        assertThat(location).endsWith("/api/v1/rulesets/reloads/" + id);
        assertThat(accepted.jsonPath().getString("state")).isIn("QUEUED", "RUNNING");
        assertThat(accepted.jsonPath().getString("attempt")).isNull();

        JsonPath over = untilOver(location);
        assertThat(over.getString("id")).isEqualTo(id);
        assertThat(over.getString("state")).isEqualTo("DONE");
        assertThat(over.getString("attempt.outcome")).isEqualTo("SWAPPED");
        assertThat(over.getString("attempt.trigger")).isEqualTo("OPERATOR");
        String version = over.getString("attempt.servingVersion");
        assertThat(version).isNotEqualTo(before).isEqualTo(current().getString("version"));
        assertThat(current().getString("lastReload.candidateVersion")).isEqualTo(version);
        // Asking again later answers the same, without a Retry-After.
        io.restassured.response.Response again = given().get(location);
        assertThat(again.header("Retry-After")).isNull();
        assertThat(again.jsonPath().getString("attempt.servingVersion")).isEqualTo(version);
    }

    @Test
    void a_shorter_wait_is_honoured_and_a_reload_over_in_time_names_its_request() throws IOException {
        ReloadFixtures.retitle(dir, " (wait)");
        io.restassured.response.Response accepted = given().header("Prefer", "wait=0")
                .post("/api/v1/rulesets/reload");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.header("Preference-Applied")).isEqualTo("wait=0");
        assertThat(untilOver(accepted.header("Location")).getString("attempt.outcome")).isEqualTo("SWAPPED");

        // Nothing changed since: over long before the wait, so answered 200, with the request it was.
        io.restassured.response.Response over = given().header("Prefer", "wait=15, respond-async")
                .post("/api/v1/rulesets/reload");
        assertThat(over.statusCode()).isEqualTo(200);
        assertThat(over.jsonPath().getString("outcome")).isEqualTo("UNCHANGED");
        assertThat(over.header("Preference-Applied")).isEqualTo("wait=15");
        JsonPath named = given().get(over.header("Content-Location")).then().statusCode(200).extract().jsonPath();
        assertThat(named.getString("state")).isEqualTo("DONE");
        assertThat(named.getString("attempt.outcome")).isEqualTo("UNCHANGED");
        assertThat(named.getString("attempt.at")).isEqualTo(over.jsonPath().getString("at"));
    }

    @Test
    void an_unknown_reload_request_is_a_404_problem_naming_the_id() {
        given().get("/api/v1/rulesets/reloads/not-a-request")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("https://pathwayengine.org/problems/not-found"))
                .body("detail", org.hamcrest.Matchers.containsString("not-a-request"))
                .body("violations[0].field", org.hamcrest.Matchers.equalTo("id"));
    }

    @Test
    void a_burst_of_reload_requests_waits_for_one_attempt_not_one_each() throws Exception {
        ReloadFixtures.retitle(dir, " (burst)");
        double before = attempts();
        int clients = 20;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<JsonPath>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return reload();
                }));
            }
            go.countDown();
            java.util.Set<String> outcomes = new java.util.TreeSet<>();
            for (java.util.concurrent.Future<JsonPath> answer : answers) {
                outcomes.add(answer.get().getString("outcome"));
            }
            // The first request's attempt compiles the change (seconds); the other 19 arrive meanwhile and share
            // the one attempt queued behind it, which finds the change already served.
            assertThat(outcomes).isSubsetOf("SWAPPED", "UNCHANGED").contains("SWAPPED");
            assertThat(attempts() - before).isLessThanOrEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double attempts() {
        return metric("pathways_ruleset_reloads_total", "outcome", "swapped")
                + metric("pathways_ruleset_reloads_total", "outcome", "unchanged")
                + metric("pathways_ruleset_reloads_total", "outcome", "rejected");
    }

    /** The attempt a reload request made: at once, or (on a machine slow enough to answer 202) once it is over. */
    static JsonPath reload() {
        io.restassured.response.Response answer = given().post("/api/v1/rulesets/reload");
        if (answer.statusCode() == 202) {
            return untilOver(answer.header("Location")).setRootPath("attempt");
        }
        return answer.then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    /** Polls a reload request's status until it is no longer QUEUED or RUNNING. */
    static JsonPath untilOver(String location) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
        while (true) {
            JsonPath status = given().get(location).then().statusCode(200).contentType(ContentType.JSON)
                    .extract().jsonPath();
            String state = status.getString("state");
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return status;
            }
            assertThat(System.nanoTime()).as("reload request still " + state).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static JsonPath current() {
        return given().get("/api/v1/rulesets/current").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath evaluate() throws IOException {
        return given().contentType(ContentType.JSON)
                .body(Files.readString(Path.of("openapi/examples/evaluation-request.json")))
                .post("/api/v1/evaluations")
                .then().statusCode(200).extract().jsonPath();
    }

    /** One sample of the Prometheus scrape, by metric name and one label; 0 when it is not there. */
    static double metric(String name, String label, String value) {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{(?:[^}]*,)?" + label + "=\"" + Pattern.quote(value)
                + "\"[^}]*} (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
