package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five institutions each offer an applied module (area a) that needs their own foundation module (area b) first. A
 * qualification asking for three applied modules can use three such pairs and no more: the other two are left out
 * of its planning (one pair being named in a recognition table of a university whose credit nothing here counts
 * changes nothing), and the plan is the one found weighing all five. When another module also needs a foundation
 * module, that pair is no longer a bundle of its own, and it is weighed whatever the others do.
 */
class AlikeBundlesTest {

    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");

    @TempDir
    Path root;

    @Test
    void planning_for_three_applied_modules_weighs_three_pairs_and_finds_the_plan_weighing_all_finds()
            throws IOException {
        Ruleset rules = rules(root.resolve("pairs"), false);

        assertThat(weighedForQa(rules)).containsExactly("A-0", "A-1", "A-2", "F-0", "F-1", "F-2");
        EvaluationResult.NextStep step = planHoldingTheFirst(rules, false);
        assertThat(step.steps()).extracting(EvaluationResult.Step::code)
                .containsExactly("F-1", "A-1", "F-2", "A-2");
        assertThat(step.hours()).isEqualTo(400.0);
        assertThat(step.exact()).isTrue();
        assertThat(planHoldingTheFirst(rules, true)).isEqualTo(step);
    }

    @Test
    void a_foundation_module_another_module_also_needs_keeps_its_pair_weighed() throws IOException {
        Ruleset rules = rules(root.resolve("shared"), true);

        // The fifth pair is weighed whatever the others do; of the other four, three are enough.
        assertThat(weighedForQa(rules)).containsExactly("A-0", "A-1", "A-2", "A-4", "F-0", "F-1", "F-2", "F-4");
        assertThat(planHoldingTheFirst(rules, false)).isEqualTo(planHoldingTheFirst(rules, true));
    }

    /**
     * Two programmes of 3,000 modules, each needing the one before: a catalog a careless export could produce. The
     * plan is found on a thread with a small stack, as walking such chains whole would overflow it.
     */
    @Test
    void long_prerequisite_chains_are_planned_without_walking_them_whole() throws Exception {
        Path dir = root.resolve("chains");
        Files.createDirectories(dir.resolve("catalog"));
        Files.createDirectories(dir.resolve("pathways"));
        StringBuilder catalog = new StringBuilder("""
                kind: Catalog
                areas:
                  - { code: x, title: x }
                issuers:
                  - { id: u1, name: One, country: GB-WLS, type: university }
                qualifications:
                  - { code: QX, title: Thirty credits, type: award }
                microcredentials:
                """);
        for (int copy = 0; copy < 2; copy++) {
            for (int i = 0; i < 3000; i++) {
                catalog.append("  - { code: C%d-%05d, title: Step %d, issuer: u1, areas: [x], hours: 100,".formatted(
                                copy, i, i))
                        .append(" assessment: exam, qualityAssurance: university-validated,")
                        .append(" credit: { framework: CQFW, credits: 10, level: 5 }")
                        .append(i == 0 ? "" : ", prerequisites: { allOf: [C%d-%05d] }".formatted(copy, i - 1))
                        .append(" }\n");
            }
        }
        Files.writeString(dir.resolve("catalog/c.catalog.yaml"), catalog.toString());
        Files.writeString(dir.resolve("pathways/p.yaml"), """
                kind: Pathway
                id: p
                title: Chains
                awards:
                  - qualification: QX
                    requires: { id: thirty, title: Thirty credits, credits: 30, where: { areas: [x] } }
                """);
        RulesetLoader.Outcome loaded = new RulesetLoader(AlikeBundlesTest.class.getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        EvaluationRequest request = new EvaluationRequest(null, AS_OF,
                List.of(new HeldCredential("C0-00000", AS_OF.minusMonths(2), null, null, null, null)));
        EvaluationResult[] answer = new EvaluationResult[1];
        Throwable[] failed = new Throwable[1];
        Thread small = new Thread(null, () -> {
            try {
                answer[0] = new Evaluator(Clock.systemUTC()).evaluate(loaded.ruleset(), request);
            } catch (Throwable t) {
                failed[0] = t;
            }
        }, "small-stack", 512 * 1024);
        small.start();
        small.join();
        assertThat(failed[0]).isNull();
        assertThat(answer[0].nextSteps()).singleElement().satisfies(step -> assertThat(step.steps())
                .extracting(EvaluationResult.Step::code).containsExactly("C0-00001", "C0-00002"));
    }

    /** The catalog credentials weighed for QA's planning when nothing is held, by code. */
    private static List<String> weighedForQa(Ruleset rules) {
        List<Award> awards = new ArrayList<>(rules.awards().values());
        Map<String, List<Requirement>> facts = new LinkedHashMap<>();
        awards.forEach(a -> facts.put(a.qualification().code(), Evaluator.leafFacts(a)));
        return Prospects.of(rules, awards, facts, List.of(), 0, AS_OF, false).weighed().stream()
                .filter(h -> h.isWeighedFor("QA")).map(Held::getCode)
                .filter(c -> c.startsWith("A-") || c.startsWith("F-")).sorted().toList();
    }

    /** QA's next step for a learner holding the first applied module: two more to go. */
    private static EvaluationResult.NextStep planHoldingTheFirst(Ruleset rules, boolean weighEvery) {
        Evaluator evaluator = new Evaluator(Clock.systemUTC(), Advisor.EVALUATION_PLAN_BUDGET,
                Evaluator.RULE_TIME_LIMIT, Evaluator.MAX_FIRINGS, weighEvery);
        EvaluationResult result = evaluator.evaluate(rules, new EvaluationRequest(null, AS_OF,
                List.of(new HeldCredential("A-0", AS_OF.minusMonths(2), null, null, null, null))));
        return result.nextSteps().stream().filter(n -> n.qualification().equals("QA")).findFirst().orElseThrow();
    }

    private static Ruleset rules(Path dir, boolean sharedFoundation) throws IOException {
        Files.createDirectories(dir.resolve("catalog"));
        Files.createDirectories(dir.resolve("pathways"));
        StringBuilder catalog = new StringBuilder("""
                kind: Catalog
                areas:
                  - { code: a, title: applied }
                  - { code: b, title: foundations }
                  - { code: c, title: other }
                issuers:
                  - { id: u1, name: One, country: GB-WLS, type: university }
                  - { id: u2, name: Two, country: GB-WLS, type: university }
                qualifications:
                  - { code: QA, title: Three applied modules, type: award }
                  - { code: QC, title: Other, type: award }
                microcredentials:
                """);
        String module = "  - { code: %s, title: %s, issuer: u1, areas: [%s], hours: 100, assessment: exam,"
                + " qualityAssurance: university-validated, credit: { framework: CQFW, credits: 10, level: 5 }%s }\n";
        for (int k = 0; k < 5; k++) {
            catalog.append(module.formatted("F-" + k, "Foundation " + k, "b", ""));
            catalog.append(module.formatted("A-" + k, "Applied " + k, "a",
                    ", prerequisites: { allOf: [F-" + k + "] }"));
            catalog.append(module.formatted("C-" + k, "Other " + k, "c",
                    sharedFoundation && k == 4 ? ", prerequisites: { allOf: [F-" + k + "] }" : ""));
        }
        Files.writeString(dir.resolve("catalog/c.catalog.yaml"), catalog.toString());
        Files.writeString(dir.resolve("pathways/p.yaml"), """
                kind: Pathway
                id: p
                title: Pairs
                awards:
                  - qualification: QA
                    requires: { id: applied, title: Three applied modules, count: 3, where: { areas: [a] } }
                  - qualification: QC
                    requires: { id: other, title: Two other modules, count: 2, where: { areas: [c] } }
                """);
        // Another university recognises the fourth pair; no qualification here counts its credit, so to these
        // qualifications that pair is alike the others.
        Files.createDirectories(dir.resolve("credit"));
        Files.writeString(dir.resolve("credit/u2-recognition.yaml"), """
                kind: Recognition
                institution: u2
                rules:
                  - id: REC-U2-1
                    credentials: [A-3, F-3]
                    outcome: recognised
                    credit: { framework: CQFW, credits: 10, level: 4 }
                """);
        RulesetLoader.Outcome loaded = new RulesetLoader(AlikeBundlesTest.class.getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        return loaded.ruleset();
    }
}
