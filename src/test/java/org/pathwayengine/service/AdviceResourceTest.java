package org.pathwayengine.service;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.pathwayengine.TestRules;

import java.io.IOException;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.pathwayengine.service.RulesetReloadResourceTest.reload;

/**
 * The advice around a status, over HTTP (issue 10): a qualification the catalog cannot complete is answered as
 * such, never with placeholder hours; one the rules leave without a plan is named with the rule and why.
 */
@QuarkusTest
// Access control is AccessControlTest's subject; here every request runs as an admin.
@TestSecurity(user = "test-admin", roles = "admin")
@TestProfile(ReloadFixtures.Manual.class)
class AdviceResourceTest extends ScratchRulesTest {

    @Test
    void the_answer_says_the_catalog_cannot_complete_it_and_why() throws IOException {
        JsonPath answer = evaluateWith("unmeetable", """
                {"learner": "cannot-complete", "asOf": "2026-11-01",
                 "held": [{"code": "AIL-TK-101", "awarded": "2026-01-10"}]}""");

        String quantum = "qualifications.find { it.code == 'QC-AWARD' }";
        assertThat(answer.getList(quantum + ".cannotComplete", String.class))
                .containsExactly("Two credentials in quantum computing: no credential in the catalog meets it");
        assertThat(answer.getString(quantum + ".summary")).contains("it cannot be completed from the catalog")
                .doesNotContain("more hours of learning would complete it");
        assertThat(answer.getDouble(quantum + ".remainingHours")).isZero();
        assertThat(answer.getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.summary"))
                .contains("more hours of learning would complete it");
        assertThat(answer.getMap("qualifications.find { it.code == 'AI-LIT-AWARD' }")).doesNotContainKey("cannotComplete");
    }

    @Test
    void a_qualification_the_rules_leave_without_a_plan_is_named_with_the_rule() throws IOException {
        JsonPath answer = evaluateWith("graded", """
                {"learner": "not-planned", "asOf": "2026-11-01",
                 "held": [{"code": "AIL-PU-110", "awarded": "2026-01-10", "grade": "Pass"}]}""");

        String graded = "notPlanned.find { it.qualification == 'GR-AWARD' }";
        assertThat(answer.getString(graded + ".reason")).isEqualTo("no plan: no combination of catalog credentials"
                + " completes it, and the rules exclude planned credentials from it (planned ones are awarded on the"
                + " as-of date, with no grade yet): POL-GRADED-001: no grade recorded");
        assertThat(answer.getList(graded + ".decidedBy", String.class)).containsExactly("POL-GRADED-001");
        assertThat(answer.getList("nextSteps.qualification", String.class)).doesNotContain("GR-AWARD")
                .contains("AI-LIT-AWARD");
    }

    @Test
    void what_is_missing_says_a_held_credential_is_counted_elsewhere_rather_than_asking_for_it() throws IOException {
        JsonPath answer = evaluateWith(null, """
                        {"learner": "counted-elsewhere", "asOf": "2026-11-01", "held": [
                          {"code": "AIL-TK-101", "awarded": "2026-01-10"}, {"code": "AIL-PU-110", "awarded": "2026-01-10"},
                          {"code": "AIL-EA-140", "awarded": "2026-01-10"}, {"code": "AIL-CT-130", "awarded": "2026-01-10"},
                          {"code": "AIL-SI-160", "awarded": "2026-01-10"}]}""");

        String award = "qualifications.find { it.code == 'AI-LIT-CERT' }.requirement.children.find { it.id == 'AI-LIT-AWARD' }";
        assertThat(answer.getString(award + ".missing")).startsWith("Award in AI Literacy (included) is not complete"
                + " within this qualification");
        assertThat(answer.getString(award + ".children[0].children.find { it.id == 'AI-LIT-AWARD/ethics' }.missing"))
                .endsWith("held but counted elsewhere, as a credential counts once: AIL-EA-140 counts towards '10"
                        + " further credits at level 4 or above'");
        assertThat(answer.getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.status")).isEqualTo("ELIGIBLE");
    }

    @Test
    void a_held_credential_too_old_to_count_is_offered_again_as_a_step() throws IOException {
        JsonPath answer = evaluateWith(null, """
                        {"learner": "renewal", "asOf": "2026-11-01", "held": [
                          {"code": "AIL-TK-101", "awarded": "2022-06-30"}, {"code": "AIL-PU-110", "awarded": "2026-01-10"},
                          {"code": "AIL-EA-140", "awarded": "2026-02-10"}]}""");

        String award = "nextSteps.find { it.qualification == 'AI-LIT-AWARD' }";
        assertThat(answer.getList(award + ".steps.code", String.class)).containsExactly("AIL-TK-101");
        assertThat(answer.getBoolean(award + ".steps[0].renewal")).isTrue();
        assertThat(answer.getString(award + ".steps[0].why")).startsWith("take it again, as the one held does not"
                + " count: awarded 52 months before the as-of date");
    }

    @Test
    void a_prior_learning_block_larger_than_what_is_left_of_the_cap_counts_up_to_it() throws IOException {
        // The fixture's own scenario (the same learner) must pass for the reload to swap it in.
        JsonPath answer = evaluateWith("rpl-partial", """
                {"learner": "rpl-partial", "asOf": "2026-11-01", "held": [
                  {"code": "IOC-ML-BOOTCAMP", "awarded": "2023-06-30", "grade": "Pass"},
                  {"code": "IOC-CLOUD-BOOTCAMP", "awarded": "2023-06-30", "grade": "Merit"},
                  {"code": "IOC-SWDEV-BOOTCAMP", "awarded": "2023-06-30", "grade": "Pass"},
                  {"code": "AIL-EA-140", "awarded": "2025-09-01"}, {"code": "AIL-TK-220", "awarded": "2025-09-01"}]}""");

        String award = "qualifications.find { it.code == 'DIGI-AWARD' }";
        assertThat(answer.getString(award + ".status")).isEqualTo("ELIGIBLE");
        assertThat(answer.getString(award + ".rplLeftOut[0].code")).isEqualTo("IOC-SWDEV-BOOTCAMP");
        assertThat(answer.getDouble(award + ".rplLeftOut[0].counted")).isEqualTo(10.0);
        assertThat(answer.getDouble(award + ".rplLeftOut[0].credits")).isEqualTo(10.0);
    }

    @Test
    void a_grade_below_what_a_requirement_asks_is_named_and_the_plan_retakes_it() throws IOException {
        JsonPath answer = evaluateWith(null, """
                {"learner": "graded", "asOf": "2026-11-01",
                 "held": [{"code": "IOC-DATA-BOOTCAMP", "awarded": "2024-06-30", "grade": "Merit", "mark": 68},
                          {"code": "IOC-PYTHON-BOOTCAMP", "awarded": "2024-06-30", "grade": "Pass", "attempt": 2}]}""");

        assertThat(answer.getString("excluded.find { it.code == 'IOC-PYTHON-BOOTCAMP' && it.ruleId == 'SYS-MIN-GRADE' }"
                + ".reason")).isEqualTo("grade Pass is below the Merit this requirement needs");
        String plan = "nextSteps.find { it.qualification == 'IOC-TECH-AWARD' }";
        assertThat(answer.getList(plan + ".steps.code", String.class)).containsExactly("IOC-PYTHON-BOOTCAMP");
        assertThat(answer.getBoolean(plan + ".steps[0].renewal")).isTrue();

        given().contentType(ContentType.JSON).body("""
                        {"held": [{"code": "IOC-DATA-BOOTCAMP", "awarded": "2024-06-30", "mark": -1, "attempt": 0}]}""")
                .post("/api/v1/evaluations").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.hasItems("held[0].mark", "held[0].attempt"));
    }

    @Test
    void a_credential_counted_in_a_shareable_group_also_counts_towards_the_rest_of_the_qualification()
            throws IOException {
        // The CertHE's ethics group use is shareable: Swansea's capstone covers ethics and is one of its modules.
        JsonPath answer = evaluateWith(null, """
                {"learner": "shared", "asOf": "2026-11-01", "held": [
                  {"code": "AIL-TK-101", "awarded": "2025-01-10"}, {"code": "AIL-PU-230", "awarded": "2025-06-01"},
                  {"code": "AIL-CAP-500", "awarded": "2026-02-01"}]}""");

        String certhe = "qualifications.find { it.code == 'DIGI-CERTHE' }.requirement.children[0].children";
        assertThat(answer.getList(certhe + ".find { it.id == 'swansea-modules' }.credentials", String.class))
                .containsExactlyInAnyOrder("AIL-PU-230", "AIL-CAP-500");
        assertThat(answer.getList(certhe + ".find { it.id == 'responsible-ai' }.credentials", String.class))
                .containsExactly("AIL-CAP-500");
        assertThat(answer.getBoolean(certhe + ".find { it.id == 'responsible-ai' }.met")).isTrue();
    }

    @Test
    void an_average_mark_requirement_counts_the_marks_that_keep_the_average_and_names_the_rest() throws IOException {
        JsonPath answer = evaluateWith(null, """
                {"learner": "averaged", "asOf": "2026-11-01", "held": [
                  {"code": "IOC-DATA-BOOTCAMP", "awarded": "2024-06-30", "mark": 85},
                  {"code": "IOC-ML-BOOTCAMP", "awarded": "2024-06-30", "mark": 62},
                  {"code": "IOC-CLOUD-BOOTCAMP", "awarded": "2024-06-30", "mark": 58},
                  {"code": "IOC-CYBER-BOOTCAMP", "awarded": "2024-06-30"}]}""");

        String distinction = "qualifications.find { it.code == 'IOC-TECH-DIST' }";
        assertThat(answer.getString(distinction + ".status")).isEqualTo("ELIGIBLE");
        assertThat(answer.getList(distinction + ".requirement.credentials", String.class))
                .containsExactlyInAnyOrder("IOC-DATA-BOOTCAMP", "IOC-ML-BOOTCAMP");
        assertThat(answer.getString("excluded.find { it.code == 'IOC-CYBER-BOOTCAMP' && it.qualification =="
                + " 'IOC-TECH-DIST' }.reason"))
                .isEqualTo("no mark given; this requirement averages the marks of what it counts (70 or more)");

        JsonPath low = evaluateWith(null, """
                {"learner": "averaged-low", "asOf": "2026-11-01", "held": [
                  {"code": "IOC-DATA-BOOTCAMP", "awarded": "2024-06-30", "mark": 72},
                  {"code": "IOC-ML-BOOTCAMP", "awarded": "2024-06-30", "mark": 60}]}""");
        assertThat(low.getString(distinction + ".status")).isEqualTo("IN_PROGRESS");
        assertThat(low.getString(distinction + ".requirement.missing"))
                .endsWith("held but not counted, as the average would fall below 70: IOC-ML-BOOTCAMP (mark 60)");
    }

    /**
     * Adds a fixture to the served rules (none: the sample rules alone, whatever an earlier test served), reloads,
     * and evaluates the request against them.
     */
    private JsonPath evaluateWith(String fixture, String request) throws IOException {
        if (fixture == null) {
            reload();
        } else {
            TestRules.addFixture(dir, fixture);
            assertThat(reload().getString("outcome")).isEqualTo("SWAPPED");
        }
        return given().contentType(ContentType.JSON).body(request)
                .post("/api/v1/evaluations").then().statusCode(200).extract().jsonPath();
    }
}
