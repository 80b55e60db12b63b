package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.evaluation.EvaluationResult.NextStep;
import org.pathwayengine.evaluation.EvaluationResult.Step;
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
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole evaluation's next steps against exhaustive search, on random learners whose credentials may be graded
 * too low, failed, unmarked or expired (issue 10): for each qualification the cheapest plan the answer gives costs
 * exactly what the cheapest set of catalog credentials taken (or taken again) costs, found by trying every set, and
 * taking the planned steps really completes the qualification. A step taken again replaces the held credential, as
 * a new award on the as-of date at the grade and mark the requirement asks.
 */
class AdvicePropertyTest {

    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");
    private static final String[] CODES = {"C1", "C2", "C3", "C4", "C5", "C6"};
    private static final int[] HOURS = {30, 45, 20, 60, 25, 40};
    private static final String[] GRADES = {null, "F", "P", "M", "D"};

    @TempDir
    Path dir;

    @Test
    void the_cheapest_plan_matches_exhaustive_search_with_grades_marks_and_renewals() throws IOException {
        Ruleset rules = rules();
        Evaluator evaluator = new Evaluator(Clock.systemUTC());
        Random random = new Random(20261202);
        int checked = 0;
        int withRenewal = 0;
        for (int learner = 0; learner < 24; learner++) {
            List<HeldCredential> held = new ArrayList<>();
            for (int i = 0; i < CODES.length; i++) {
                if (random.nextInt(3) > 0) {
                    LocalDate awarded = random.nextBoolean() ? AS_OF.minusMonths(4) : AS_OF.minusYears(3);
                    Double mark = random.nextInt(3) == 0 ? null : (double) (30 + random.nextInt(60));
                    held.add(new HeldCredential(CODES[i], awarded, null, null, null,
                            GRADES[random.nextInt(GRADES.length)], mark, 1 + random.nextInt(2)));
                }
            }
            EvaluationResult answer = evaluator.evaluate(rules, new EvaluationRequest(null, AS_OF, held));
            for (String qualification : List.of("Q-GRADE", "Q-MARK")) {
                Status status = answer.qualifications().stream().filter(q -> q.code().equals(qualification))
                        .map(EvaluationResult.QualificationResult::status).findFirst().orElse(Status.NOT_STARTED);
                if (status == Status.ELIGIBLE) {
                    continue;
                }
                Integer best = cheapest(evaluator, rules, held, qualification);
                NextStep plan = answer.nextSteps().stream().filter(n -> n.qualification().equals(qualification))
                        .findFirst().orElse(null);
                String where = "learner " + learner + " " + held + " towards " + qualification;
                if (best == null) {
                    assertThat(plan).as(where + ": no set of credentials completes it").isNull();
                    continue;
                }
                assertThat(plan).as(where + ": a plan exists costing " + best).isNotNull();
                assertThat(plan.hours()).as(where).isEqualTo(best.doubleValue());
                List<String> steps = plan.steps().stream().map(Step::code).toList();
                assertThat(eligible(evaluator, rules, held, steps, qualification))
                        .as(where + ": taking " + steps + " completes it").isTrue();
                withRenewal += plan.steps().stream().anyMatch(s -> Boolean.TRUE.equals(s.renewal())) ? 1 : 0;
                checked++;
            }
        }
        assertThat(checked).as("plans compared").isGreaterThan(15);
        assertThat(withRenewal).as("plans that take a held credential again").isPositive();
    }

    /** The least hours of any set of catalog credentials that completes the qualification, or null. */
    private static Integer cheapest(Evaluator evaluator, Ruleset rules, List<HeldCredential> held, String code) {
        Integer best = null;
        for (int mask = 1; mask < 1 << CODES.length; mask++) {
            int hours = 0;
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < CODES.length; i++) {
                if ((mask & 1 << i) != 0) {
                    hours += HOURS[i];
                    taken.add(CODES[i]);
                }
            }
            if ((best == null || hours < best) && eligible(evaluator, rules, held, taken, code)) {
                best = hours;
            }
        }
        return best;
    }

    private static boolean eligible(Evaluator evaluator, Ruleset rules, List<HeldCredential> held, List<String> taken,
                                    String code) {
        Map<String, HeldCredential> after = new LinkedHashMap<>();
        held.forEach(h -> after.put(h.code(), h));
        taken.forEach(c -> after.put(c, new HeldCredential(c, AS_OF, null, null, null, "M", 60.0, null)));
        EvaluationResult answer = evaluator.evaluate(rules, new EvaluationRequest(null, AS_OF,
                List.copyOf(after.values())));
        return answer.qualifications().stream().anyMatch(q -> q.code().equals(code) && q.status() == Status.ELIGIBLE);
    }

    private Ruleset rules() throws IOException {
        Files.createDirectories(dir.resolve("catalog"));
        Files.createDirectories(dir.resolve("pathways"));
        StringBuilder catalog = new StringBuilder("""
                kind: Catalog
                areas:
                  - { code: a, title: area a }
                  - { code: b, title: area b }
                issuers:
                  - { id: uni, name: A university, country: GB-WLS, type: university }
                gradeScales:
                  - { id: g, title: module grade, grades: [F, P, M, D], pass: P }
                qualifications:
                  - { code: Q-GRADE, title: Graded, type: award }
                  - { code: Q-MARK, title: Marked, type: award }
                microcredentials:
                """);
        for (int i = 0; i < CODES.length; i++) {
            catalog.append("  - { code: ").append(CODES[i]).append(", title: Module ").append(i + 1)
                    .append(", issuer: uni, areas: [").append(i % 2 == 0 ? "a" : "a, b").append("], hours: ")
                    .append(HOURS[i]).append(", assessment: exam, qualityAssurance: university-validated")
                    .append(", credit: { framework: CQFW, credits: ").append(HOURS[i] / 10)
                    .append(", level: 4 }, gradeScale: g").append(i >= 4 ? ", validFor: P2Y" : "").append(" }\n");
        }
        Files.writeString(dir.resolve("catalog/c.catalog.yaml"), catalog.toString());
        Files.writeString(dir.resolve("pathways/p.yaml"), """
                kind: Pathway
                id: p
                title: Graded and marked
                awards:
                  - qualification: Q-GRADE
                    requires:
                      id: graded
                      allOf:
                        - { id: merit, count: 2, where: { areas: [a], minGrade: M } }
                        - { id: breadth, credits: 6, where: { areas: [b] } }
                  - qualification: Q-MARK
                    requires:
                      id: marked
                      allOf:
                        # every module is in area a: naming it makes a held module relevant here, as an amount
                        # and a mark alone would not
                        - { id: good-marks, credits: 8, where: { areas: [a], minMark: 55 } }
                        - { id: recent, choose: 1, from: [ { credential: C5 }, { credential: C6 } ] }
                """);
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        return loaded.ruleset();
    }
}
