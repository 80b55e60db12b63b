package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.evaluation.EvaluationResult.ExcludedCredential;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Grades as data (issue 10, format gaps): the catalog's grade scales, a requirement's minGrade and minMark, failed
 * and unknown grades, a resit that policies can see, and a retake planned when a grade falls short.
 */
class GradesTest {

    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");

    @TempDir
    Path dir;

    @Test
    void a_grade_below_what_the_requirement_asks_is_kept_out_there_with_the_reason_and_the_plan_retakes_it()
            throws IOException {
        EvaluationResult answer = evaluate(load(), graded("IOC-DATA-BOOTCAMP", "Merit"),
                graded("IOC-PYTHON-BOOTCAMP", "Pass"));

        QualificationResult award = qualification(answer, "IOC-TECH-AWARD");
        assertThat(award.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(award.requirement().credentials()).containsExactly("IOC-DATA-BOOTCAMP");
        assertThat(answer.excluded()).extracting(ExcludedCredential::code, ExcludedCredential::ruleId,
                        ExcludedCredential::qualification, ExcludedCredential::reason)
                .contains(tuple("IOC-PYTHON-BOOTCAMP", "SYS-MIN-GRADE", "IOC-TECH-AWARD",
                        "grade Pass is below the Merit this requirement needs"));
        // The cheapest way on is to take the 60-hour Python bootcamp again, for a Merit.
        EvaluationResult.NextStep plan = answer.nextSteps().stream()
                .filter(n -> n.qualification().equals("IOC-TECH-AWARD")).findFirst().orElseThrow();
        assertThat(plan.steps()).singleElement().satisfies(step -> {
            assertThat(step.code()).isEqualTo("IOC-PYTHON-BOOTCAMP");
            assertThat(step.renewal()).isTrue();
            assertThat(step.why()).startsWith("take it again, as the one held does not count: grade Pass is below"
                    + " the Merit this requirement needs");
        });

        assertThat(qualification(evaluate(load(), graded("IOC-DATA-BOOTCAMP", "Merit"),
                graded("IOC-PYTHON-BOOTCAMP", "Distinction")), "IOC-TECH-AWARD").status())
                .isEqualTo(Status.ELIGIBLE);
    }

    @Test
    void a_failed_credential_counts_nowhere_and_a_grade_off_the_scale_is_refused_with_the_scale() throws IOException {
        EvaluationResult answer = evaluate(load(), graded("IOC-ML-BOOTCAMP", "Fail"), graded("IOC-DATA-BOOTCAMP", "B+"),
                new HeldCredential("IOC-CLOUD-BOOTCAMP", LocalDate.parse("2024-06-30"), null, null, null, null));

        assertThat(answer.excluded()).extracting(ExcludedCredential::code, ExcludedCredential::ruleId,
                        ExcludedCredential::qualification, ExcludedCredential::reason)
                .contains(tuple("IOC-ML-BOOTCAMP", "SYS-FAILED", null,
                                "failed: grade Fail is below the pass grade Pass of the bootcamp grade scale"),
                        tuple("IOC-DATA-BOOTCAMP", "SYS-UNKNOWN-GRADE", null, "grade 'B+' is not on the bootcamp grade"
                                + " scale of IOC-DATA-BOOTCAMP (Fail, Pass, Merit, Distinction)"),
                        tuple("IOC-CLOUD-BOOTCAMP", "SYS-MIN-GRADE", "IOC-TECH-AWARD",
                                "no grade given; this requirement needs Merit or better"));
        // A failed bootcamp is not recognised for credit either, though the recognition table would take a Pass.
        assertThat(answer.excluded()).filteredOn(e -> e.code().equals("IOC-ML-BOOTCAMP"))
                .extracting(ExcludedCredential::ruleId).doesNotContain("SYS-MIN-GRADE");
        assertThat(answer.credit().institutions()).singleElement().satisfies(swansea ->
                assertThat(swansea.credentials()).filteredOn(c -> c.code().equals("IOC-ML-BOOTCAMP"))
                        .extracting(EvaluationResult.RecognitionOutcome::outcome,
                                EvaluationResult.RecognitionOutcome::reason)
                        .containsExactly(tuple("NOT_RECOGNISED", "does not count anywhere (see excluded)")));
    }

    @Test
    void a_minimum_mark_counts_only_marks_that_reach_it() throws IOException {
        TestRules.copySample(dir);
        TestRules.edit(dir, "pathways/ioc-technical.yaml", "minGrade: Merit", "minMark: 60");
        RulesetLoader.Outcome loaded = loaded();

        EvaluationResult answer = evaluate(loaded, marked("IOC-DATA-BOOTCAMP", 72.5), marked("IOC-ML-BOOTCAMP", 55),
                marked("IOC-CLOUD-BOOTCAMP", 60));

        QualificationResult award = qualification(answer, "IOC-TECH-AWARD");
        assertThat(award.status()).isEqualTo(Status.ELIGIBLE);
        assertThat(award.requirement().credentials()).containsExactlyInAnyOrder("IOC-DATA-BOOTCAMP",
                "IOC-CLOUD-BOOTCAMP");
        assertThat(answer.excluded()).extracting(ExcludedCredential::code, ExcludedCredential::reason)
                .contains(tuple("IOC-ML-BOOTCAMP", "mark 55 is below the 60 this requirement needs"));
    }

    @Test
    void policies_see_the_attempt_and_tell_a_resit_from_a_first_sitting() throws IOException {
        TestRules.copySample(dir);
        Files.writeString(dir.resolve("policies/resits.drl"), """
                package policies;
                import org.pathwayengine.facts.*;

                rule "Resits do not count towards awards"
                    @id("POL-RESIT-001")
                    @description("A credential earned at a resit does not count towards a qualification of type award.")
                when
                    $h : Held( resit, attempt >= 2 )
                    $q : Qualification( type == "award" )
                then
                    insert(Excluded.fromQualification(kcontext, $h, $q, "earned at attempt " + $h.getAttempt()));
                end
                """);
        Files.writeString(dir.resolve("policies/resits.scenarios.yaml"), """
                - name: a resit does not count towards an award
                  given:
                    asOf: 2026-11-01
                    held:
                      - { code: IOC-DATA-BOOTCAMP, awarded: 2024-06-30, grade: Merit, attempt: 2 }
                  expect:
                    excluded:
                      - { code: IOC-DATA-BOOTCAMP, rule: POL-RESIT-001, qualification: IOC-TECH-AWARD }
                """);
        RulesetLoader.Outcome loaded = loaded();
        HeldCredential first = new HeldCredential("IOC-DATA-BOOTCAMP", LocalDate.parse("2024-06-30"), null, null, null,
                "Merit", null, 1);
        HeldCredential resit = new HeldCredential("IOC-CLOUD-BOOTCAMP", LocalDate.parse("2024-06-30"), null, null,
                null, "Merit", null, 2);

        EvaluationResult answer = evaluate(loaded, first, resit);

        assertThat(answer.excluded()).extracting(ExcludedCredential::code, ExcludedCredential::ruleId,
                        ExcludedCredential::reason)
                .contains(tuple("IOC-CLOUD-BOOTCAMP", "POL-RESIT-001", "earned at attempt 2"));
        assertThat(answer.excluded()).noneMatch(e -> e.code().equals("IOC-DATA-BOOTCAMP")
                && e.ruleId().equals("POL-RESIT-001"));
    }

    @Test
    void grade_scales_and_grade_conditions_are_checked_at_their_line() throws IOException {
        TestRules.copySample(dir);
        TestRules.edit(dir, "catalog/ioc-bootcamps.catalog.yaml", "    pass: Pass\n", "    pass: Passed\n");
        TestRules.edit(dir, "pathways/ioc-technical.yaml", "minGrade: Merit", "minGrade: Merrit");
        Path catalog = dir.resolve("catalog/ioc-bootcamps.catalog.yaml");
        String text = Files.readString(catalog);
        int second = text.indexOf("gradeScale: ioc-grade", text.indexOf("gradeScale: ioc-grade") + 1);
        Files.writeString(catalog, text.substring(0, second) + "gradeScale: ioc-grades"
                + text.substring(second + "gradeScale: ioc-grade".length()));

        List<String> errors = new RulesetLoader(getClass().getClassLoader()).load(dir).errors().stream()
                .map(Object::toString).toList();

        assertThat(errors).contains("catalog/ioc-bootcamps.catalog.yaml:" + TestRules.lineOf(catalog, "pass: Passed")
                + ": error: pass grade 'Passed' is not on the scale (Fail, Pass, Merit, Distinction)");
        assertThat(errors).contains("catalog/ioc-bootcamps.catalog.yaml:" + TestRules.lineOf(catalog, "gradeScale: ioc-grades")
                + ": error: unknown grade scale 'ioc-grades': add it under gradeScales");
        assertThat(errors).anyMatch(e -> e.matches("pathways/ioc-technical\\.yaml:\\d+: error: grade 'Merrit' is on"
                + " no grade scale of the catalog \\(ioc-grade: Fail, Pass, Merit, Distinction\\)"));
    }

    @Test
    void an_average_mark_counts_the_credentials_that_keep_it_and_names_those_that_would_pull_it_down()
            throws IOException {
        RulesetLoader.Outcome loaded = load();
        EvaluationResult answer = evaluate(loaded, marked("IOC-DATA-BOOTCAMP", 72), marked("IOC-ML-BOOTCAMP", 60),
                marked("IOC-CLOUD-BOOTCAMP", 55));

        QualificationResult distinction = qualification(answer, "IOC-TECH-DIST");
        assertThat(distinction.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(distinction.requirement().credentials()).containsExactly("IOC-DATA-BOOTCAMP");
        assertThat(distinction.requirement().missing()).contains("averaging a mark of 70 or more")
                .contains("IOC-ML-BOOTCAMP (mark 60), IOC-CLOUD-BOOTCAMP (mark 55)");
        // A bootcamp not taken yet is planned at the average asked: 72 with 70 meets it.
        EvaluationResult.NextStep plan = answer.nextSteps().stream()
                .filter(n -> n.qualification().equals("IOC-TECH-DIST")).findFirst().orElseThrow();
        assertThat(plan.steps()).extracting(EvaluationResult.Step::code).containsExactly("IOC-PYTHON-BOOTCAMP");

        QualificationResult taken = qualification(evaluate(loaded, marked("IOC-DATA-BOOTCAMP", 72),
                marked("IOC-ML-BOOTCAMP", 60), marked("IOC-PYTHON-BOOTCAMP", 70)), "IOC-TECH-DIST");
        assertThat(taken.status()).isEqualTo(Status.ELIGIBLE);
        assertThat(taken.requirement().credentials())
                .containsExactlyInAnyOrder("IOC-DATA-BOOTCAMP", "IOC-PYTHON-BOOTCAMP");
        assertThat(qualification(evaluate(loaded, marked("IOC-DATA-BOOTCAMP", 72), marked("IOC-PYTHON-BOOTCAMP", 66)),
                "IOC-TECH-DIST").status()).as("72 with 66 averages 69").isEqualTo(Status.IN_PROGRESS);
    }

    @Test
    void a_credential_without_a_mark_cannot_count_towards_an_average() throws IOException {
        EvaluationResult answer = evaluate(load(), graded("IOC-DATA-BOOTCAMP", "Distinction"),
                marked("IOC-ML-BOOTCAMP", 90));
        assertThat(answer.excluded()).extracting(ExcludedCredential::code, ExcludedCredential::ruleId,
                        ExcludedCredential::qualification, ExcludedCredential::reason)
                .contains(tuple("IOC-DATA-BOOTCAMP", "SYS-MIN-GRADE", "IOC-TECH-DIST",
                        "no mark given; this requirement averages the marks of what it counts (70 or more)"));
        assertThat(qualification(answer, "IOC-TECH-DIST").requirement().credentials())
                .containsExactly("IOC-ML-BOOTCAMP");
    }

    @Test
    void an_average_mark_belongs_to_a_count_or_credits_requirement() throws IOException {
        TestRules.copySample(dir);
        TestRules.edit(dir, "pathways/ai-literacy.yaml", "        - credential: AIL-TK-101\n",
                "        - credential: AIL-TK-101\n          meanMark: 50\n");
        List<String> errors = new RulesetLoader(getClass().getClassLoader()).load(dir).errors().stream()
                .map(Object::toString).toList();
        assertThat(errors).anyMatch(e -> e.matches("pathways/ai-literacy\\.yaml:\\d+: error: 'meanMark' averages the"
                + " marks of what a requirement counts: it belongs to a credits or count requirement \\(for one"
                + " credential's own mark, write a count of 1 with where: \\{ minMark: \\.\\.\\. \\}\\)"));
    }

    private RulesetLoader.Outcome load() throws IOException {
        if (!Files.exists(dir.resolve("pathways"))) {
            TestRules.copySample(dir);
        }
        return loaded();
    }

    private RulesetLoader.Outcome loaded() {
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        return loaded;
    }

    private static EvaluationResult evaluate(RulesetLoader.Outcome loaded, HeldCredential... held) {
        return new Evaluator(Clock.systemUTC()).evaluate(loaded.ruleset(), new EvaluationRequest(null, AS_OF,
                Arrays.asList(held)));
    }

    private static QualificationResult qualification(EvaluationResult answer, String code) {
        return answer.qualifications().stream().filter(q -> q.code().equals(code)).findFirst().orElseThrow();
    }

    private static HeldCredential graded(String code, String grade) {
        return new HeldCredential(code, LocalDate.parse("2024-06-30"), null, null, null, grade);
    }

    private static HeldCredential marked(String code, double mark) {
        return new HeldCredential(code, LocalDate.parse("2024-06-30"), null, null, null, null, mark, null);
    }
}
