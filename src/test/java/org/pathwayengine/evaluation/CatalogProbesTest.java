package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog work planning does not redo per learner (each catalog credential as if awarded on the as-of date, which
 * requirements accept it) is kept per ruleset and date, and every answer is the one a fresh computation gives.
 */
class CatalogProbesTest {

    private static final LocalDate NOVEMBER = LocalDate.parse("2026-11-01");
    private static final LocalDate LATER = LocalDate.parse("2028-03-15");

    private static Ruleset load() {
        return new RulesetLoader(CatalogProbesTest.class.getClassLoader()).load(Path.of("rules")).ruleset();
    }

    @Test
    void kept_per_ruleset_and_date_and_never_across_two_loads() {
        Ruleset sample = load();
        Ruleset again = load();
        assertThat(again.version()).isEqualTo(sample.version());

        CatalogProbes november = CatalogProbes.of(sample, NOVEMBER);
        assertThat(CatalogProbes.of(sample, NOVEMBER)).isSameAs(november);
        CatalogProbes later = CatalogProbes.of(sample, LATER);
        assertThat(later).isNotSameAs(november);
        assertThat(later.probes()).allMatch(p -> p.getAwarded().equals(LATER));
        assertThat(november.probes()).allMatch(p -> p.getAwarded().equals(NOVEMBER));
        // The same files loaded again are another ruleset (another compiled rule base): nothing is shared with it.
        CatalogProbes ofAgain = CatalogProbes.of(again, NOVEMBER);
        assertThat(ofAgain).isNotSameAs(november);
        assertThat(CatalogProbes.of(again, NOVEMBER)).isSameAs(ofAgain);
    }

    @Test
    void each_requirement_accepts_what_it_accepts_of_a_fresh_probe() {
        Ruleset sample = load();
        for (LocalDate asOf : List.of(NOVEMBER, LATER)) {
            CatalogProbes probes = CatalogProbes.of(sample, asOf);
            List<Microcredential> catalog = new ArrayList<>(sample.catalog().microcredentials().values());
            assertThat(probes.probes()).extracting(Held::getCode)
                    .containsExactlyElementsOf(catalog.stream().map(Microcredential::code).toList());
            int acceptedSomewhere = 0;
            for (Award award : sample.awards().values()) {
                List<Requirement> facts = Evaluator.leafFacts(award);
                BitSet[] accepted = probes.accepted(award, facts);
                for (Requirement f : facts) {
                    for (int i = 0; i < catalog.size(); i++) {
                        Held fresh = Prospects.probe(sample.catalog(), sample.credit(), catalog.get(i), asOf);
                        assertThat(accepted[f.getLeafIndex()].get(i))
                                .as(award.qualification().code() + " " + f.getId() + " " + fresh.getCode())
                                .isEqualTo(f.accepts(fresh));
                    }
                    acceptedSomewhere += accepted[f.getLeafIndex()].cardinality();
                }
            }
            assertThat(acceptedSomewhere).isGreaterThan(catalog.size());
        }
    }

    /**
     * Learners one after another, on two dates in turn, get from the kept work exactly the answers that a ruleset
     * evaluated afresh gives them: nothing about one learner stays behind for the next.
     */
    @Test
    void learners_in_turn_get_the_answers_of_a_fresh_ruleset() {
        Ruleset sample = load();
        Evaluator evaluator = new Evaluator(Clock.systemUTC());
        Random random = new Random(20261206);
        List<EvaluationRequest> requests = new ArrayList<>();
        for (int learner = 0; learner < 40; learner++) {
            requests.add(learner(sample, random, learner, learner % 2 == 0 ? NOVEMBER : LATER));
        }
        List<EvaluationResult> kept = requests.stream().map(r -> evaluator.evaluate(sample, r)).toList();
        int planned = 0;
        for (int i = requests.size() - 1; i >= 0; i--) {
            // A ruleset of its own, loaded for this learner alone: its catalog work starts from nothing.
            EvaluationResult fresh = evaluator.evaluate(load(), requests.get(i));
            EvaluationResult answer = kept.get(i);
            String where = "learner " + requests.get(i).held() + " as of " + requests.get(i).asOf();
            assertThat(answer.qualifications()).as(where).isEqualTo(fresh.qualifications());
            assertThat(answer.nextSteps()).as(where).isEqualTo(fresh.nextSteps());
            assertThat(answer.notPlanned()).as(where).isEqualTo(fresh.notPlanned());
            assertThat(answer.prerequisites()).as(where).isEqualTo(fresh.prerequisites());
            assertThat(answer.excluded()).as(where).isEqualTo(fresh.excluded());
            assertThat(answer.firedRules()).as(where).isEqualTo(fresh.firedRules());
            planned += answer.nextSteps().size();
        }
        assertThat(planned).isGreaterThan(40);
    }

    private static EvaluationRequest learner(Ruleset sample, Random random, int learner, LocalDate asOf) {
        List<Microcredential> catalog = new ArrayList<>(sample.catalog().microcredentials().values());
        List<HeldCredential> held = new ArrayList<>();
        for (int i : random.ints(0, catalog.size()).distinct().limit(1 + random.nextInt(8)).toArray()) {
            Microcredential m = catalog.get(i);
            held.add(new HeldCredential(m.code(), asOf.minusDays(random.nextInt(4 * 365)), null, null, null, null,
                    null, null));
        }
        return new EvaluationRequest("learner-" + learner, asOf, held);
    }
}
