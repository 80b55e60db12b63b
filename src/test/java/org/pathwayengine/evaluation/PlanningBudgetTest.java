package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planning is bounded per evaluation: qualifications are planned nearest first, so when the budget runs out the
 * plans given are those to the nearest qualifications, exactly as with an ample budget, and the rest are named.
 */
class PlanningBudgetTest {

    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");
    private static final Clock CLOCK = Clock.fixed(AS_OF.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    @Test
    void when_the_budget_runs_out_the_nearest_plans_are_kept_and_the_rest_are_named() {
        Ruleset rules = new RulesetLoader(getClass().getClassLoader()).load(Path.of("rules")).ruleset();
        // Holding the Award's two named modules: the Award is nearest, then the Certificate, then the Diploma.
        EvaluationRequest request = new EvaluationRequest("learner-1", AS_OF, List.of(
                new HeldCredential("AIL-TK-101", LocalDate.parse("2025-06-30"), null, null, null, null),
                new HeldCredential("AIL-PU-110", LocalDate.parse("2025-09-15"), null, null, null, null)));

        EvaluationResult ample = new Evaluator(CLOCK).evaluate(rules, request);
        assertThat(ample.notPlanned()).isNull();
        assertThat(ample.nextSteps()).hasSizeGreaterThanOrEqualTo(3);

        List<String> nearestFirst = new ArrayList<>();
        ample.qualifications().stream().filter(q -> q.status() != Status.ELIGIBLE)
                .forEach(q -> nearestFirst.add(q.code()));
        boolean cutShortWithAnExactPlan = false;
        for (long budget = 1; budget <= 16_384; budget *= 2) {
            EvaluationResult tight = new Evaluator(CLOCK, budget).evaluate(rules, request);
            List<EvaluationResult.NotPlanned> unplanned = tight.notPlanned() == null ? List.of() : tight.notPlanned();
            List<String> notPlanned = unplanned.stream().filter(n -> n.reason().contains("planning budget was spent"))
                    .map(EvaluationResult.NotPlanned::qualification).toList();
            // Whatever the budget, what the budget leaves out is the far end of the nearest-first order.
            assertThat(notPlanned).as("budget " + budget)
                    .isEqualTo(nearestFirst.subList(nearestFirst.size() - notPlanned.size(), nearestFirst.size()));
            // And no qualification goes unmentioned: each has a plan or is named with a reason.
            List<String> accounted = new ArrayList<>();
            tight.nextSteps().forEach(step -> accounted.add(step.qualification()));
            unplanned.forEach(n -> accounted.add(n.qualification()));
            assertThat(accounted).as("budget " + budget).containsExactlyInAnyOrderElementsOf(nearestFirst);
            for (EvaluationResult.NextStep step : tight.nextSteps()) {
                assertThat(notPlanned).doesNotContain(step.qualification());
                if (step.exact()) {
                    // An exact plan is the same plan an ample budget gives.
                    assertThat(step.steps()).as("budget " + budget + ", " + step.qualification())
                            .isEqualTo(ample.nextSteps().stream().filter(s -> s.qualification()
                                    .equals(step.qualification())).findFirst().orElseThrow().steps());
                }
            }
            cutShortWithAnExactPlan |= !notPlanned.isEmpty() && tight.nextSteps().stream()
                    .anyMatch(EvaluationResult.NextStep::exact);
        }
        assertThat(cutShortWithAnExactPlan).as("some budget plans the nearest exactly and leaves others out").isTrue();
    }
}
