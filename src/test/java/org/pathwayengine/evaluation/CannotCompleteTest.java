package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A requirement no catalog credential can meet is a curriculum defect, not a number of hours: the answer says the
 * catalog cannot complete the qualification and why, and validation warns about it (issue 10, defect 2). Before,
 * a placeholder rate leaked out as "about 2100 more hours".
 */
class CannotCompleteTest {

    @TempDir
    Path dir;

    @Test
    void the_answer_names_the_requirement_the_catalog_cannot_meet_instead_of_placeholder_hours() throws IOException {
        RulesetLoader.Outcome loaded = load();

        EvaluationResult answer = new Evaluator(Clock.systemUTC()).evaluate(loaded.ruleset(), new EvaluationRequest(
                null, LocalDate.parse("2026-11-01"), List.of(
                new HeldCredential("AIL-TK-101", LocalDate.parse("2026-01-10"), null, null, null, null))));

        QualificationResult quantum = answer.qualifications().stream()
                .filter(q -> q.code().equals("QC-AWARD")).findFirst().orElseThrow();
        assertThat(quantum.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(quantum.cannotComplete()).containsExactly(
                "Two credentials in quantum computing: no credential in the catalog meets it");
        assertThat(quantum.summary()).isEqualTo("1 of 2 requirements met for Award in Quantum Readiness; it cannot"
                + " be completed from the catalog, which has no credential for: Two credentials in quantum computing:"
                + " no credential in the catalog meets it.");
        assertThat(quantum.remainingHours()).isZero();
        assertThat(quantum.requirement().children().get(1).missing())
                .isEqualTo("2 more credentials from Quantum computing (no credential in the catalog meets it)");
        // Qualifications the catalog can complete keep their estimate and have no such field.
        assertThat(answer.qualifications()).filteredOn(q -> !q.code().equals("QC-AWARD"))
                .allSatisfy(q -> assertThat(q.cannotComplete()).isNull())
                .allSatisfy(q -> assertThat(q.summary()).doesNotContain("cannot be completed"));
    }

    @Test
    void a_choice_with_an_alternative_the_catalog_offers_can_still_be_completed() throws IOException {
        QualificationResult quantum = quantumWith("""
                        - id: either
                          title: Quantum or ethics
                          choose: 1
                          from:
                            - id: quantum
                              title: Two credentials in quantum computing
                              count: 2
                              where: { areas: [quantum-computing] }
                            - credential: AIL-EA-140
                """);
        assertThat(quantum.cannotComplete()).isNull();
        assertThat(quantum.summary()).contains("more hours of learning would complete it");
        assertThat(quantum.remainingHours()).isPositive().isLessThan(1000);
    }

    @Test
    void a_choice_between_two_requirements_the_catalog_cannot_meet_keeps_the_estimate_of_the_rest()
            throws IOException {
        QualificationResult quantum = quantumWith("""
                        - id: either
                          title: Quantum theory or practice
                          choose: 1
                          from:
                            - id: theory
                              title: Two credentials in quantum computing
                              count: 2
                              where: { areas: [quantum-computing] }
                            - id: practice
                              title: One quantum credential at level 7
                              count: 1
                              where: { areas: [quantum-computing], minLevel: 7 }
                        - id: level-5
                          title: 10 credits at level 5
                          credits: 10
                          where: { minLevel: 5 }
                """);
        // Only the option the allocator charged for is named, and the 10 credits keep their estimate.
        assertThat(quantum.cannotComplete()).hasSize(1);
        assertThat(quantum.remainingHours()).isPositive().isLessThan(1000);
        assertThat(quantum.summary()).contains("The rest needs about");
    }

    @Test
    void validation_warns_at_the_requirement_that_no_catalog_credential_meets() throws IOException {
        RulesetLoader.Outcome loaded = load();

        assertThat(loaded.problems()).extracting(RuleProblem::toString).containsOnlyOnce("pathways/quantum.yaml:13:"
                + " warning: can never be met: it needs 2 credentials but only 0 catalog credentials match");
        assertThat(new RulesetLoader(getClass().getClassLoader()).load(Path.of("rules")).problems())
                .extracting(RuleProblem::message).noneMatch(m -> m.contains("can never be met"));
    }

    private RulesetLoader.Outcome load() throws IOException {
        TestRules.copySample(dir);
        TestRules.addFixture(dir, "unmeetable");
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        return loaded;
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    /** The quantum award for a learner holding AIL-TK-101, with its quantum requirement replaced by {@code yaml}. */
    private QualificationResult quantumWith(String yaml) throws IOException {
        TestRules.copySample(dir);
        TestRules.addFixture(dir, "unmeetable");
        replace(dir.resolve("pathways/quantum.yaml"), """
                        - id: quantum
                          title: Two credentials in quantum computing
                          count: 2
                          where: { areas: [quantum-computing] }
                """, yaml);
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        EvaluationResult answer = new Evaluator(Clock.systemUTC()).evaluate(loaded.ruleset(), new EvaluationRequest(
                null, LocalDate.parse("2026-11-01"), List.of(
                new HeldCredential("AIL-TK-101", LocalDate.parse("2026-01-10"), null, null, null, null))));
        return answer.qualifications().stream().filter(q -> q.code().equals("QC-AWARD")).findFirst().orElseThrow();
    }
}
