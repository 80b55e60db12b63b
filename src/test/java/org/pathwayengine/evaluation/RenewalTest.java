package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.pathwayengine.catalog.Prerequisites;
import org.pathwayengine.evaluation.EvaluationResult.NextStep;
import org.pathwayengine.evaluation.EvaluationResult.Step;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A held credential that does not count (too old for a recency rule, expired, too old for a prerequisite) can be
 * taken again, and the planner offers that like any other step; a plan never holds a step whose prerequisite is
 * neither met nor earlier in the same plan (issue 10, defect 1).
 */
class RenewalTest {

    private static final Ruleset SAMPLE = new RulesetLoader(RenewalTest.class.getClassLoader())
            .load(Path.of("rules")).ruleset();
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");

    @Test
    void a_held_credential_too_old_for_the_recency_rule_is_offered_again_when_it_is_the_missing_piece() {
        EvaluationResult answer = evaluate(Map.of("AIL-TK-101", "2022-06-30", "AIL-PU-110", "2026-01-10",
                "AIL-EA-140", "2026-02-10"), null);

        NextStep award = plan(answer, "AI-LIT-AWARD");
        assertThat(award.steps()).extracting(Step::code).containsExactly("AIL-TK-101");
        Step renew = award.steps().get(0);
        assertThat(renew.renewal()).isTrue();
        assertThat(renew.why()).startsWith("take it again, as the one held does not count: awarded 52 months"
                + " before the as-of date").contains("[POL-RECENCY-001]");
        // Before renewals, no qualification of this learner got a plan: each needed the old credential.
        assertThat(answer.nextSteps()).extracting(NextStep::qualification)
                .contains("AI-LIT-AWARD", "AI-LIT-CERT", "AI-LIT-DIP");
    }

    @Test
    void an_expired_credential_can_be_renewed_and_is_listed_as_available() {
        EvaluationResult answer = evaluate(Map.of("AIL-TK-101", "2025-06-30", "AIL-PU-110", "2026-01-10",
                "AIL-EA-140", "2026-02-10"), LocalDate.parse("2026-06-30"));

        assertThat(answer.excluded()).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo("AIL-TK-101");
            assertThat(e.ruleId()).isEqualTo("SYS-EXPIRED");
        });
        NextStep award = plan(answer, "AI-LIT-AWARD");
        assertThat(award.steps()).extracting(Step::code, Step::renewal).containsExactly(
                org.assertj.core.groups.Tuple.tuple("AIL-TK-101", true));
        assertThat(answer.prerequisites().available()).extracting(EvaluationResult.Startable::code)
                .contains("AIL-TK-101");
    }

    @Test
    void a_credential_dated_after_the_as_of_date_is_not_offered_again() {
        EvaluationResult answer = evaluate(Map.of("AIL-TK-101", "2027-01-10", "AIL-PU-110", "2026-01-10",
                "AIL-EA-140", "2026-02-10"), null);

        assertThat(answer.excluded()).anySatisfy(e -> assertThat(e.ruleId()).isEqualTo("SYS-NOT-YET-VALID"));
        assertThat(answer.nextSteps()).flatExtracting(NextStep::steps).filteredOn(s -> s.code().equals("AIL-TK-101"))
                .isEmpty();
    }

    @Test
    void no_plan_holds_a_step_whose_prerequisite_is_neither_met_nor_planned_before_it() {
        // AIL-TK-210 needs AIL-TK-101 awarded within 3 years; the one held is four years old.
        EvaluationResult answer = evaluate(Map.of("AIL-TK-101", "2022-06-30", "AIL-PU-110", "2026-01-10",
                "AIL-EA-140", "2026-02-10", "AIL-CT-130", "2026-03-01", "AIL-SI-160", "2026-03-01"), null);

        assertThat(answer.prerequisites().blocked()).extracting(EvaluationResult.Blocked::code).contains("AIL-TK-210");
        assertThat(answer.nextSteps()).isNotEmpty();
        boolean plannedTk210 = false;
        for (NextStep plan : answer.nextSteps()) {
            List<String> before = new ArrayList<>();
            for (Step step : plan.steps()) {
                Prerequisites p = SAMPLE.catalog().microcredentials().get(step.code()).prerequisites();
                if (p != null) {
                    for (String need : p.allOf()) {
                        // The held AIL-TK-101 is too old only where a prerequisite says 'within' (AIL-TK-210's
                        // three years); AIL-CAP-500 takes it whatever its age.
                        boolean heldCounts = need.equals("AIL-TK-101") ? p.within() == null : held(need)
                                && answer.excluded().stream().noneMatch(e -> e.code().equals(need));
                        assertThat(before.contains(need) || heldCounts)
                                .as(plan.qualification() + ": " + step.code() + " needs " + need).isTrue();
                    }
                }
                plannedTk210 |= step.code().equals("AIL-TK-210");
                before.add(step.code());
            }
        }
        if (plannedTk210) {
            assertThat(answer.nextSteps()).flatExtracting(NextStep::steps).filteredOn(s -> s.code().equals("AIL-TK-101"))
                    .allSatisfy(s -> assertThat(s.renewal()).isTrue());
        }
    }

    private static boolean held(String code) {
        return List.of("AIL-PU-110", "AIL-EA-140", "AIL-CT-130", "AIL-SI-160").contains(code);
    }

    private static NextStep plan(EvaluationResult answer, String code) {
        return answer.nextSteps().stream().filter(s -> s.qualification().equals(code)).findFirst().orElseThrow(
                () -> new AssertionError("no plan for " + code + "; notPlanned: " + answer.notPlanned()));
    }

    private static EvaluationResult evaluate(Map<String, String> awarded, LocalDate tk101Expires) {
        List<HeldCredential> held = new ArrayList<>();
        awarded.forEach((code, date) -> held.add(new HeldCredential(code, LocalDate.parse(date),
                code.equals("AIL-TK-101") ? tk101Expires : null, null, null, null)));
        held.sort(java.util.Comparator.comparing(HeldCredential::code));
        return new Evaluator(Clock.systemUTC()).evaluate(SAMPLE, new EvaluationRequest(null, AS_OF, held));
    }
}
