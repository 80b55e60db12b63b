package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An evaluation without advice ({@code nextSteps=false}) never weighs the catalog's other credentials, yet tells the
 * learner exactly what a full one does about what they hold: statuses, requirement trees, counted credentials,
 * exclusions, unused credentials and credit; only the advice (next steps, what may be started) is left out.
 */
class EligibilityOnlyTest {

    private static final Ruleset SAMPLE = new RulesetLoader(EligibilityOnlyTest.class.getClassLoader())
            .load(Path.of("rules")).ruleset();
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");

    @Test
    void every_answer_about_held_credentials_is_the_full_evaluations() {
        Evaluator evaluator = new Evaluator(Clock.systemUTC());
        Random random = new Random(20261203);
        int eligibleSeen = 0;
        int excludedSeen = 0;
        for (int learner = 0; learner < 150; learner++) {
            EvaluationRequest request = learner(random, learner);
            EvaluationResult full = evaluator.evaluate(SAMPLE, request);
            EvaluationResult bare = evaluator.evaluate(SAMPLE, request, false);
            String where = "learner " + request.held();

            assertSameAnswer(bare, full, where);
            assertThat(full.firedRules()).as(where).containsAll(bare.firedRules());
            assertThat(bare.nextSteps()).isNull();
            assertThat(bare.notPlanned()).isNull();
            assertThat(bare.prerequisites()).isNull();
            eligibleSeen += (int) full.qualifications().stream().filter(q -> q.status() == Status.ELIGIBLE).count();
            excludedSeen += full.excluded().size();
        }
        // The learners reach every kind of answer the comparison is about.
        assertThat(eligibleSeen).isGreaterThan(20);
        assertThat(excludedSeen).isGreaterThan(20);
    }

    /**
     * Without plans (what a scenario that expects nothing of them asks for), the answer, the rules fired and what
     * may be started are exactly the full evaluation's: the same session weighs the same catalog credentials.
     */
    @Test
    void without_plans_everything_else_is_the_full_evaluations() {
        Evaluator evaluator = new Evaluator(Clock.systemUTC());
        Random random = new Random(20261205);
        int plansLeftOut = 0;
        for (int learner = 0; learner < 150; learner++) {
            EvaluationRequest request = learner(random, learner);
            EvaluationResult full = evaluator.evaluate(SAMPLE, request, Advice.NEXT_STEPS);
            EvaluationResult unplanned = evaluator.evaluate(SAMPLE, request, Advice.PREREQUISITES);
            String where = "learner " + request.held();

            assertSameAnswer(unplanned, full, where);
            assertThat(unplanned.firedRules()).as(where).isEqualTo(full.firedRules());
            assertThat(unplanned.prerequisites()).as(where).isNotNull().isEqualTo(full.prerequisites());
            assertThat(unplanned.nextSteps()).isNull();
            assertThat(unplanned.notPlanned()).isNull();
            plansLeftOut += full.nextSteps().size();
        }
        assertThat(plansLeftOut).isGreaterThan(100);
    }

    /** What the learner is told about what they hold: statuses and trees, exclusions, unused credentials, credit. */
    private static void assertSameAnswer(EvaluationResult actual, EvaluationResult full, String where) {
        assertThat(actual.qualifications()).as(where).isEqualTo(full.qualifications());
        assertThat(actual.excluded()).as(where).isEqualTo(full.excluded());
        assertThat(actual.unused()).as(where).isEqualTo(full.unused());
        assertThat(actual.credit()).as(where).isEqualTo(full.credit());
    }

    private static EvaluationRequest learner(Random random, int learner) {
        List<Microcredential> catalog = new ArrayList<>(SAMPLE.catalog().microcredentials().values());
        List<HeldCredential> held = new ArrayList<>();
        for (int i : random.ints(0, catalog.size()).distinct().limit(1 + random.nextInt(20)).toArray()) {
            Microcredential m = catalog.get(i);
            var scale = SAMPLE.catalog().scaleOf(m);
            // Up to five years old (recency and prior-learning currency policies fire), sometimes unassessed.
            held.add(new HeldCredential(m.code(), AS_OF.minusDays(random.nextInt(5 * 365)), null, null,
                    random.nextInt(10) == 0 ? Boolean.FALSE : null,
                    scale == null ? null : scale.grades().get(random.nextInt(scale.grades().size())),
                    scale == null ? null : (double) (40 + random.nextInt(55)), null));
        }
        return new EvaluationRequest("learner-" + learner, AS_OF, held);
    }
}
