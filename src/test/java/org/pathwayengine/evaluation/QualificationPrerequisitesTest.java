package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.evaluation.EvaluationResult.NextStep;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A qualification's own prerequisites are enforced, not only displayed: a learner who meets every requirement but
 * not the entry requirement is not told they are eligible, withholding one award withholds those that need it, and
 * the next-steps plan earns what is missing. Runs the real loader, Drools and allocator on a copy of the sample
 * rules whose CertHE requires the AI-literacy Award.
 */
class QualificationPrerequisitesTest {

    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");
    /** Everything Swansea's CertHE asks for, and of the Award all but a practical-use module. */
    private static final List<HeldCredential> CERTHE_COMPLETE = List.of(
            held("IOC-ML-BOOTCAMP", "2023-06-30", "Pass"),
            held("IOC-CLOUD-BOOTCAMP", "2023-06-30", "Merit"),
            held("IOC-SWDEV-BOOTCAMP", "2023-06-30", "Pass"),
            held("AIL-TK-101", "2024-09-30", null),
            held("AIL-TK-210", "2025-01-15", null),
            held("AIL-PU-230", "2025-06-01", null),
            held("AIL-EA-140", "2025-09-01", null),
            held("AIL-EA-250", "2026-01-10", null));

    @TempDir
    Path dir;

    @Test
    void meeting_every_requirement_without_the_prerequisite_award_is_not_eligible_and_the_plan_earns_the_award()
            throws IOException {
        Ruleset rules = rules("prerequisites: { choose: 1, from: [AIL-TK-101, MS-AI-900] }",
                "prerequisites: { allOf: [AI-LIT-AWARD] }", null);

        EvaluationResult answer = evaluate(rules, CERTHE_COMPLETE);

        QualificationResult certhe = find(answer, "DIGI-CERTHE");
        assertThat(certhe.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(certhe.requirement().met()).as("every requirement itself is met").isTrue();
        assertThat(certhe.prerequisitesMissing()).containsExactly("needs the Award in AI Literacy (AI-LIT-AWARD)");
        assertThat(certhe.decidedBy()).contains(QualificationGate.RULE_ID);
        assertThat(certhe.summary()).startsWith("Every requirement for").contains("cannot be awarded");
        // The Award is brought into the answer because the CertHE needs it, though nothing held names it.
        assertThat(find(answer, "AI-LIT-AWARD").status()).isNotEqualTo(Status.ELIGIBLE);
        // The remaining effort is the Award's: one practical-use module, the cheapest being 40 hours.
        assertThat(certhe.remainingHours()).isEqualTo(find(answer, "AI-LIT-AWARD").remainingHours()).isPositive();

        NextStep plan = step(answer, "DIGI-CERTHE");
        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.steps().get(0).code()).isIn("AIL-PU-110", "AIL-PU-120");
        assertThat(plan.steps().get(0).why()).isEqualTo("counts towards Award in AI Literacy, a prerequisite of "
                + "Certificate of Higher Education in Applied Digital Skills");
        assertThat(plan.hours()).isEqualTo(step(answer, "AI-LIT-AWARD").hours());
    }

    @Test
    void with_the_prerequisite_award_earned_the_same_record_is_eligible() throws IOException {
        Ruleset rules = rules("prerequisites: { choose: 1, from: [AIL-TK-101, MS-AI-900] }",
                "prerequisites: { allOf: [AI-LIT-AWARD] }", null);
        List<HeldCredential> withAward = new java.util.ArrayList<>(CERTHE_COMPLETE);
        withAward.add(held("AIL-PU-110", "2025-03-01", null));

        EvaluationResult answer = evaluate(rules, withAward);

        assertThat(find(answer, "AI-LIT-AWARD").status()).isEqualTo(Status.ELIGIBLE);
        QualificationResult certhe = find(answer, "DIGI-CERTHE");
        assertThat(certhe.status()).isEqualTo(Status.ELIGIBLE);
        assertThat(certhe.prerequisitesMissing()).isNull();
        assertThat(certhe.decidedBy()).doesNotContain(QualificationGate.RULE_ID);
    }

    @Test
    void withholding_an_award_withholds_every_award_that_needs_it_and_the_plan_earns_the_root_cause()
            throws IOException {
        // The Award now needs Microsoft's AI-900 before it can be awarded; the CertHE needs the Award.
        Ruleset rules = rules("prerequisites: { choose: 1, from: [AIL-TK-101, MS-AI-900] }",
                "prerequisites: { allOf: [AI-LIT-AWARD] }", "prerequisites: { allOf: [MS-AI-900] }");
        List<HeldCredential> everything = new java.util.ArrayList<>(CERTHE_COMPLETE);
        everything.add(held("AIL-PU-110", "2025-03-01", null));

        EvaluationResult answer = evaluate(rules, everything);

        QualificationResult award = find(answer, "AI-LIT-AWARD");
        assertThat(award.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(award.prerequisitesMissing()).containsExactly("needs MS-AI-900 (Microsoft: Azure AI Fundamentals)");
        QualificationResult certhe = find(answer, "DIGI-CERTHE");
        assertThat(certhe.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(certhe.prerequisitesMissing()).containsExactly("needs the Award in AI Literacy (AI-LIT-AWARD)");

        NextStep plan = step(answer, "DIGI-CERTHE");
        assertThat(plan.steps()).extracting(EvaluationResult.Step::code).containsExactly("MS-AI-900");
        assertThat(plan.steps().get(0).why()).isEqualTo("a prerequisite of Award in AI Literacy");
        assertThat(plan.hours()).isEqualTo(20);
        assertThat(step(answer, "AI-LIT-AWARD").steps()).extracting(EvaluationResult.Step::code)
                .containsExactly("MS-AI-900");
    }

    @Test
    void an_award_included_in_a_larger_one_brings_its_entry_requirement_with_it() throws IOException {
        Ruleset rules = rules("prerequisites: { choose: 1, from: [AIL-TK-101, MS-AI-900] }",
                "prerequisites: { choose: 1, from: [AIL-TK-101, MS-AI-900] }", "prerequisites: { allOf: [MS-AI-900] }");
        // Every requirement of the Certificate, which includes the Award, is met.
        List<HeldCredential> certificate = List.of(held("AIL-EA-250", "2026-01-20", null),
                held("AIL-TK-101", "2025-06-30", null), held("AIL-PU-110", "2025-09-15", null),
                held("AIL-CT-130", "2026-03-02", null), held("AIL-EA-140", "2025-12-10", null),
                held("AIL-PU-120", "2026-04-11", null));

        EvaluationResult answer = evaluate(rules, certificate);

        QualificationResult cert = find(answer, "AI-LIT-CERT");
        assertThat(cert.requirement().met()).isTrue();
        assertThat(cert.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(cert.prerequisitesMissing()).containsExactly(
                "for the Award in AI Literacy it includes: needs MS-AI-900 (Microsoft: Azure AI Fundamentals)");
        NextStep plan = step(answer, "AI-LIT-CERT");
        assertThat(plan.steps()).extracting(EvaluationResult.Step::code).containsExactly("MS-AI-900");
        assertThat(plan.steps().get(0).why()).isEqualTo("a prerequisite of Award in AI Literacy");

        // Earning it releases both.
        List<HeldCredential> more = new java.util.ArrayList<>(certificate);
        more.add(held("MS-AI-900", "2026-05-01", null));
        EvaluationResult after = evaluate(rules, more);
        assertThat(find(after, "AI-LIT-AWARD").status()).isEqualTo(Status.ELIGIBLE);
        assertThat(find(after, "AI-LIT-CERT").status()).isEqualTo(Status.ELIGIBLE);
    }

    private Ruleset rules(String sampleCertHe, String certHe, String award) throws IOException {
        TestRules.copySample(dir);
        Path catalog = dir.resolve("catalog/ai-literacy.catalog.yaml");
        String text = Files.readString(catalog);
        assertThat(text).contains(sampleCertHe);
        text = text.replace(sampleCertHe, certHe);
        if (award != null) {
            String anchor = "    title: Award in AI Literacy\n";
            assertThat(text).contains(anchor);
            text = text.replace(anchor, anchor + "    " + award + "\n");
        }
        Files.writeString(catalog, text);
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        return loaded.ruleset();
    }

    private static EvaluationResult evaluate(Ruleset rules, List<HeldCredential> held) {
        Clock clock = Clock.fixed(AS_OF.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        return new Evaluator(clock).evaluate(rules, new EvaluationRequest("learner-1", AS_OF, held));
    }

    private static QualificationResult find(EvaluationResult answer, String code) {
        return answer.qualifications().stream().filter(q -> q.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError(code + " is not in the answer: " + answer.qualifications()));
    }

    private static NextStep step(EvaluationResult answer, String code) {
        return answer.nextSteps().stream().filter(s -> s.qualification().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no plan to " + code + ": " + answer.nextSteps()));
    }

    private static HeldCredential held(String code, String awarded, String grade) {
        return new HeldCredential(code, LocalDate.parse(awarded), null, null, null, grade);
    }
}
