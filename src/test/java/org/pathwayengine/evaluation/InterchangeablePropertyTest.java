package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interchangeable prospective credentials weighed once (issue 11, {@link Prospects}): on random catalogs where many
 * modules share credit, level and hours, some with prerequisites, with requirements on amounts alone ("N credits at level 4 or above") and on
 * subjects and an institution's credit alone (its own, or others' its recognition table names), with and without a
 * policy that tells issuers apart, every answer (statuses, next steps, what the learner
 * could start) is the same as when every prospective credential is weighed, and some are really left out. Where
 * weighing them all runs the planner out of its budget, the plan found among fewer is at least as cheap.
 */
class InterchangeablePropertyTest {

    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");

    @TempDir
    Path root;

    @Test
    void answers_are_the_same_as_when_every_prospect_is_weighed() throws IOException {
        Random random = new Random(20261203);
        int compared = 0;
        int catalogsWithPolicy = 0;
        int budgetRanOut = 0;
        for (int catalog = 0; catalog < 12; catalog++) {
            boolean policy = catalog % 3 == 2;
            catalogsWithPolicy += policy ? 1 : 0;
            Ruleset rules = rules(root.resolve("c" + catalog), random, policy);

            List<Award> awards = new ArrayList<>(rules.awards().values());
            Map<String, List<Requirement>> facts = new LinkedHashMap<>();
            awards.forEach(a -> facts.put(a.qualification().code(), Evaluator.leafFacts(a)));
            Prospects everything = Prospects.of(rules, awards, facts, List.of(), 0, AS_OF, false);
            if (!policy) {
                // With the policy, modules are told apart by issuer too, and classes are often single.
                assertThat(everything.weighed().size()).as("catalog " + catalog + ": interchangeable modules left out")
                        .isLessThan(everything.all().size());
            }

            List<String> codes = new ArrayList<>();
            for (int m = 0; m < MODULES; m++) {
                codes.add(code(m));
            }
            int[] counted = compareLearners(rules, codes, random, "catalog " + catalog);
            compared += counted[0];
            budgetRanOut += counted[1];
        }
        assertThat(compared).as("answers compared plan for plan (budget ran out weighing all: " + budgetRanOut + ")")
                .isGreaterThan(70);
        assertThat(catalogsWithPolicy).isPositive();
    }

    /**
     * Catalogs made of copies of one random set of modules (as a university's catalog holds many programmes built
     * alike), where modules with prerequisites have the earliest codes: a with-prerequisite module and its
     * prerequisites in one copy is as good as in another, so a plan needs a first few such bundles only and the
     * rest are left out (a module's prerequisites may be met by nothing else). Every answer is still the one weighing
     * every module.
     */
    @Test
    void alike_bundles_of_modules_and_their_prerequisites_are_weighed_as_often_as_a_plan_can_use_them()
            throws IOException {
        Random random = new Random(20261206);
        int compared = 0;
        int leftOut = 0;
        for (int catalog = 0; catalog < 8; catalog++) {
            List<String> codes = new ArrayList<>();
            Ruleset rules = copies(root.resolve("r" + catalog), random, codes);
            List<Award> awards = new ArrayList<>(rules.awards().values());
            Map<String, List<Requirement>> facts = new LinkedHashMap<>();
            awards.forEach(a -> facts.put(a.qualification().code(), Evaluator.leafFacts(a)));
            Prospects prospects = Prospects.of(rules, awards, facts, List.of(), 0, AS_OF, false);
            CatalogProbes probes = CatalogProbes.of(rules, AS_OF);
            // Modules with prerequisites that a requirement of a qualification accepts, yet not weighed there (Q4
            // counts only its own and recognised credit, so others' modules are left out of it as a class).
            for (org.pathwayengine.facts.Held h : prospects.all()) {
                if (!h.getCode().startsWith("A")) {
                    continue;
                }
                for (Award award : awards.stream().filter(a -> !a.qualification().code().equals("Q4")).toList()) {
                    boolean accepted = facts.get(award.qualification().code()).stream()
                            .anyMatch(f -> f.accepts(probes.probes().get(probes.indexOf(h.getCode()))));
                    if (accepted && (h.getIndex() < 0 || !h.isWeighedFor(award.qualification().code()))) {
                        leftOut++;
                    }
                }
            }
            compared += compareLearners(rules, codes, random, "copies " + catalog)[0];
        }
        assertThat(leftOut).as("with-prerequisite modules left out where they are accepted").isGreaterThan(5);
        assertThat(compared).as("answers compared plan for plan").isGreaterThan(50);
    }

    /**
     * Six copies of ten random modules: sizes 100, 150 or 200 hours at level 4 or 5 in two shared areas from three
     * shared issuers, a third of them needing one or one of two earlier modules of their copy (those are coded
     * {@code ANN-c}, the others {@code MNN-c}); qualifications on subjects and amounts alone, one naming a module,
     * and the first university's credit with a recognition table naming the same modules in every copy.
     */
    private static Ruleset copies(Path dir, Random random, List<String> codes) throws IOException {
        Files.createDirectories(dir.resolve("catalog"));
        Files.createDirectories(dir.resolve("pathways"));
        Files.createDirectories(dir.resolve("credit"));
        int base = 10;
        int[] hours = new int[base];
        int[] level = new int[base];
        String[] area = new String[base];
        int[] issuer = new int[base];
        String[] prerequisites = new String[base];
        boolean[] recognised = new boolean[base];
        String[] prefix = new String[base];
        for (int m = 0; m < base; m++) {
            hours[m] = 100 + 50 * random.nextInt(3);
            level[m] = 4 + random.nextInt(2);
            area[m] = random.nextBoolean() ? "a" : "b";
            issuer[m] = 1 + random.nextInt(3);
            recognised[m] = random.nextInt(3) == 0;
            if (m > 1 && random.nextInt(3) == 0) {
                int first = random.nextInt(m);
                int second = random.nextInt(m);
                prerequisites[m] = random.nextBoolean() || first == second ? "{ allOf: [%1$s] }"
                        .formatted("@" + first) : "{ choose: 1, from: [%s, %s] }".formatted("@" + first, "@" + second);
            }
            prefix[m] = prerequisites[m] == null ? "M" : "A";
        }
        StringBuilder catalog = new StringBuilder(CATALOG_HEADER);
        List<String> inTable = new ArrayList<>();
        for (int copy = 0; copy < COPIES; copy++) {
            for (int m = 0; m < base; m++) {
                String code = "%s%02d-%d".formatted(prefix[m], m, copy);
                codes.add(code);
                if (recognised[m]) {
                    inTable.add(code);
                }
                String needs = "";
                if (prerequisites[m] != null) {
                    StringBuilder named = new StringBuilder(prerequisites[m]);
                    for (int at = named.indexOf("@"); at >= 0; at = named.indexOf("@")) {
                        int end = at + 1;
                        while (end < named.length() && Character.isDigit(named.charAt(end))) {
                            end++;
                        }
                        int p = Integer.parseInt(named.substring(at + 1, end));
                        named.replace(at, end, "%s%02d-%d".formatted(prefix[p], p, copy));
                    }
                    needs = ", prerequisites: " + named;
                }
                catalog.append("  - { code: ").append(code).append(", title: Module ").append(code)
                        .append(", issuer: u").append(issuer[m]).append(", areas: [").append(area[m])
                        .append("], hours: ").append(hours[m])
                        .append(", assessment: exam, qualityAssurance: university-validated, credit: { framework: CQFW,"
                                + " credits: ").append(hours[m] / 10).append(", level: ").append(level[m]).append(" }")
                        .append(needs).append(" }\n");
            }
        }
        Files.writeString(dir.resolve("catalog/c.catalog.yaml"), catalog.toString());
        String named = codes.stream().filter(c -> c.endsWith("-0")).findFirst().orElseThrow();
        Files.writeString(dir.resolve("pathways/p.yaml"), PATHWAYS.formatted(20 + 10 * random.nextInt(3), named,
                20 + 10 * random.nextInt(3), 25 + 15 * random.nextInt(2)));
        Files.writeString(dir.resolve("credit/u1-recognition.yaml"), RECOGNITION.formatted(String.join(", ", inTable)));
        RulesetLoader.Outcome loaded = new RulesetLoader(InterchangeablePropertyTest.class.getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        return loaded.ruleset();
    }

    /**
     * Random learners holding some of {@code codes}: the answer weighing interchangeable credentials once is the one
     * weighing them all. Returns how many answers were compared plan for plan, and how many ran out of budget
     * weighing all.
     */
    private static int[] compareLearners(Ruleset rules, List<String> codes, Random random, String label) {
        int[] counted = {0, 0};
        Evaluator pruning = new Evaluator(Clock.systemUTC());
        Evaluator weighingAll = new Evaluator(Clock.systemUTC(), Advisor.EVALUATION_PLAN_BUDGET,
                Evaluator.RULE_TIME_LIMIT, Evaluator.MAX_FIRINGS, true);
        for (int learner = 0; learner < 10; learner++) {
            List<HeldCredential> held = new ArrayList<>();
            for (String code : codes) {
                if (random.nextInt(8) == 0) {
                    held.add(new HeldCredential(code, AS_OF.minusMonths(1 + random.nextInt(30)), null, null,
                            null, null));
                }
            }
            if (held.isEmpty()) {
                continue;
            }
            EvaluationRequest request = new EvaluationRequest(null, AS_OF, held);
            EvaluationResult a = pruning.evaluate(rules, request);
            EvaluationResult b = weighingAll.evaluate(rules, request);
            String where = label + " learner " + held.stream().map(HeldCredential::code).toList();
            assertThat(a.qualifications()).as(where).isEqualTo(b.qualifications());
            if (b.nextSteps().stream().allMatch(EvaluationResult.NextStep::exact)) {
                assertThat(a.nextSteps()).as(where).isEqualTo(b.nextSteps());
                assertThat(a.notPlanned()).as(where).isEqualTo(b.notPlanned());
                counted[0]++;
            } else {
                // Weighing every module, the planner may run out of its budget first: then the plan it settles
                // for is never cheaper than the one found among fewer.
                for (EvaluationResult.NextStep slow : b.nextSteps()) {
                    EvaluationResult.NextStep fast = a.nextSteps().stream()
                            .filter(n -> n.qualification().equals(slow.qualification())).findFirst().orElseThrow();
                    assertThat(fast.hours()).as(where).isLessThanOrEqualTo(slow.hours());
                    assertThat(fast.exact() || !slow.exact()).as(where).isTrue();
                }
                counted[1]++;
            }
            assertThat(a.prerequisites()).as(where).isEqualTo(b.prerequisites());
            assertThat(a.excluded()).as(where).isEqualTo(b.excluded());
            // Weighing no prospect at all (an answer without next steps) says the same about what is held.
            EvaluationResult bare = pruning.evaluate(rules, request, false);
            assertThat(bare.qualifications()).as(where).isEqualTo(a.qualifications());
            assertThat(bare.excluded()).as(where).isEqualTo(a.excluded());
            assertThat(bare.credit()).as(where).isEqualTo(a.credit());
        }
        return counted;
    }

    private static final int MODULES = 26;
    private static final int COPIES = 6;

    /** Two areas, three issuers (two universities), four qualifications; the modules follow. */
    private static final String CATALOG_HEADER = """
            kind: Catalog
            areas:
              - { code: a, title: area a }
              - { code: b, title: area b }
            issuers:
              - { id: u1, name: One, country: GB-WLS, type: university }
              - { id: u2, name: Two, country: GB-WLS, type: university }
              - { id: u3, name: Three, country: GB-WLS, type: industry }
            qualifications:
              - { code: Q1, title: One, type: award }
              - { code: Q2, title: Two, type: award }
              - { code: Q3, title: Three, type: award }
              - { code: Q4, title: Four, type: certificate }
            microcredentials:
            """;
    /**
     * Q1: one module in area a and credits at level 4 or above; Q2: a named module and credits at level 5; Q3:
     * credits in area b; Q4: 40 credits the first university awards or recognises. Fill in: Q1's credits, Q2's module
     * and credits, Q3's credits.
     */
    private static final String PATHWAYS = """
            kind: Pathway
            id: p
            title: Random pathways
            awards:
              - qualification: Q1
                requires:
                  id: one
                  allOf:
                    - { id: core, count: 1, where: { areas: [a] } }
                    - { id: more, credits: %d, where: { minLevel: 4 } }
              - qualification: Q2
                requires:
                  id: two
                  allOf:
                    - { credential: %s }
                    - { id: bulk, credits: %d, where: { minLevel: 5 } }
              - qualification: Q3
                requires: { id: three, credits: %d, where: { areas: [b] } }
              - qualification: Q4
                credit: { framework: CQFW, institution: u1, minTotal: 40 }
            """;
    /** The first university recognises the modules filled in as 10 credits at level 4. */
    private static final String RECOGNITION = """
            kind: Recognition
            institution: u1
            rules:
              - id: REC-TEST-1
                credentials: [%s]
                outcome: recognised
                credit: { framework: CQFW, credits: 10, level: 4 }
            """;

    private static String code(int m) {
        return String.format("M%02d", m);
    }

    /**
     * Modules in two areas from three issuers, in few sizes (so many are alike), one in six needing an earlier one
     * first; three qualifications mixing
     * subject and amount requirements; with the policy, only one issuer's modules count towards Q1.
     */
    private static Ruleset rules(Path dir, Random random, boolean policy) throws IOException {
        Files.createDirectories(dir.resolve("catalog"));
        Files.createDirectories(dir.resolve("pathways"));
        StringBuilder catalog = new StringBuilder(CATALOG_HEADER);
        for (int m = 0; m < MODULES; m++) {
            int hours = random.nextInt(6) > 0 ? 100 : 150;
            catalog.append("  - { code: ").append(code(m)).append(", title: Module ").append(m)
                    .append(", issuer: u").append(1 + random.nextInt(3))
                    .append(", areas: [").append(random.nextBoolean() ? "a" : "b").append("], hours: ").append(hours)
                    .append(", assessment: exam, qualityAssurance: university-validated, credit: { framework: CQFW, credits: ").append(hours / 10)
                    .append(", level: ").append(random.nextInt(6) > 0 ? 5 : 4).append(" }")
                    .append(m > 2 && random.nextInt(6) == 0 ? ", prerequisites: { allOf: [" + code(random.nextInt(m))
                            + "] }" : "").append(" }\n");
        }
        Files.writeString(dir.resolve("catalog/c.catalog.yaml"), catalog.toString());
        int more = 20 + 10 * random.nextInt(3);
        int bulk = 20 + 10 * random.nextInt(2);
        Files.writeString(dir.resolve("pathways/p.yaml"), PATHWAYS.formatted(more, "M00", bulk,
                25 + 15 * random.nextInt(2)));
        // The first university recognises some others' modules: its credit-only Q4 counts its own and those.
        Files.createDirectories(dir.resolve("credit"));
        StringBuilder recognised = new StringBuilder();
        for (int m = 0; m < MODULES; m++) {
            if (random.nextInt(3) == 0) {
                recognised.append(recognised.length() == 0 ? "" : ", ").append(code(m));
            }
        }
        Files.writeString(dir.resolve("credit/u1-recognition.yaml"), RECOGNITION.formatted(recognised));
        if (policy) {
            Files.createDirectories(dir.resolve("policies"));
            Files.writeString(dir.resolve("policies/issuer.drl"), """
                    package policies;

                    import org.pathwayengine.facts.*;

                    rule "Only the first university's learning counts towards Q1"
                        @id("POL-TEST-ISSUER")
                        @description("Learning from another issuer does not count towards Q1.")
                    when
                        $h : Held( issuer != "u1" )
                        $q : Qualification( code == "Q1" )
                    then
                        insert(Excluded.fromQualification(kcontext, $h, $q, "not the first university's"));
                    end
                    """);
        }
        RulesetLoader.Outcome loaded = new RulesetLoader(InterchangeablePropertyTest.class.getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        return loaded.ruleset();
    }
}
