package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.pathwayengine.evaluation.EvaluationResult.ExceptionOutcome;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.evaluation.GrantedException.Kind;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of registrar's exception on the sample rules (Award in AI Literacy: AIL-TK-101, a practical module, one
 * credential in ethical awareness): what it changes, where the answer says so by exception id, and an exception
 * that changes nothing, has lapsed or names what the learner or ruleset does not have, reported as such.
 */
class RegistrarExceptionsTest {

    private static final Ruleset SAMPLE = new RulesetLoader(RegistrarExceptionsTest.class.getClassLoader())
            .load(Path.of("rules")).ruleset();
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");

    private static HeldCredential held(String code) {
        return new HeldCredential(code, LocalDate.parse("2026-03-01"), null, null, null, null);
    }

    private static GrantedException exception(String id, Kind kind, String qualification, String requirement,
                                              String credential, String substitute, LocalDate until,
                                              LocalDate expires) {
        return new GrantedException(id, kind, qualification, requirement, credential, substitute, until,
                "registrar's decision", "registrar-jo", LocalDate.parse("2026-10-01"), expires);
    }

    private static EvaluationResult evaluate(List<HeldCredential> held, GrantedException... exceptions) {
        return new Evaluator(Clock.systemUTC()).evaluate(SAMPLE, new EvaluationRequest("l-1", AS_OF, held,
                List.of(), List.of(exceptions)));
    }

    private static QualificationResult award(EvaluationResult answer) {
        return answer.qualifications().stream().filter(q -> q.code().equals("AI-LIT-AWARD")).findFirst()
                .orElseThrow();
    }

    private static RequirementResult node(RequirementResult r, String id) {
        if (r.id().equals(id)) {
            return r;
        }
        for (RequirementResult c : r.children() == null ? List.<RequirementResult>of() : r.children()) {
            RequirementResult found = node(c, id);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Every requirement node of a tree, depth first. */
    private static List<RequirementResult> nodes(RequirementResult r) {
        List<RequirementResult> out = new ArrayList<>(List.of(r));
        if (r.children() != null) {
            r.children().forEach(c -> out.addAll(nodes(c)));
        }
        return out;
    }

    private static final List<HeldCredential> NO_ETHICS = List.of(held("AIL-TK-101"), held("AIL-PU-110"));

    @Test
    void without_exceptions_the_learner_misses_ethics() {
        EvaluationResult answer = evaluate(NO_ETHICS);
        assertThat(award(answer).status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(node(award(answer).requirement(), "ethics").met()).isFalse();
        assertThat(answer.exceptions()).isNull();
        assertThat(award(answer).exceptions()).isNull();
    }

    @Test
    void a_waived_requirement_is_met_with_nothing_and_the_outcome_names_the_waiver() {
        EvaluationResult answer = evaluate(NO_ETHICS, exception("EX-W", Kind.WAIVE, "AI-LIT-AWARD", "ethics",
                null, null, null, null));
        QualificationResult award = award(answer);
        assertThat(award.status()).isEqualTo(Status.ELIGIBLE);
        assertThat(award.exceptions()).containsExactly("EX-W");
        RequirementResult ethics = node(award.requirement(), "ethics");
        assertThat(ethics.met()).isTrue();
        assertThat(ethics.missing()).isNull();
        assertThat(ethics.credentials()).isEmpty();
        assertThat(ethics.exceptions()).containsExactly("EX-W (WAIVE)");
        ExceptionOutcome outcome = answer.exceptions().get(0);
        assertThat(outcome.effect()).isEqualTo("CHANGED");
        assertThat(outcome.qualifications()).contains("AI-LIT-AWARD");
        assertThat(outcome.explanation()).contains("AI-LIT-AWARD is ELIGIBLE; without it IN_PROGRESS");
        // The certificate, which includes the award, is changed too, and says so.
        QualificationResult certificate = answer.qualifications().stream()
                .filter(q -> q.code().equals("AI-LIT-CERT")).findFirst().orElseThrow();
        assertThat(certificate.exceptions()).containsExactly("EX-W");
        // Next steps no longer ask for an ethics credential for the award.
        assertThat(answer.nextSteps()).noneSatisfy(step -> assertThat(step.toString()).contains("AIL-EA-140"));
    }

    @Test
    void a_forced_group_is_met_whatever_its_parts_hold() {
        List<HeldCredential> held = List.of(held("AIL-TK-101"), held("AIL-EA-140"));
        EvaluationResult answer = evaluate(held, exception("EX-F", Kind.FORCE_COMPLETE, "AI-LIT-AWARD", "practice",
                null, null, null, null));
        QualificationResult award = award(answer);
        assertThat(award.status()).isEqualTo(Status.ELIGIBLE);
        RequirementResult practice = node(award.requirement(), "practice");
        assertThat(practice.met()).isTrue();
        assertThat(practice.exceptions()).containsExactly("EX-F (FORCE_COMPLETE)");
        assertThat(answer.exceptions().get(0).effect()).isEqualTo("CHANGED");
    }

    @Test
    void a_waiver_the_learner_no_longer_needs_is_reported_as_changing_nothing() {
        // AIL-PU-120 meets the certificate's breadth, so the ethics credential a waiver would free changes
        // nothing there either.
        List<HeldCredential> held = List.of(held("AIL-TK-101"), held("AIL-PU-110"), held("AIL-EA-140"),
                held("AIL-PU-120"));
        EvaluationResult answer = evaluate(held, exception("EX-W", Kind.WAIVE, "AI-LIT-AWARD", "ethics", null,
                null, null, null));
        assertThat(award(answer).status()).isEqualTo(Status.ELIGIBLE);
        assertThat(award(answer).exceptions()).isNull();
        ExceptionOutcome outcome = answer.exceptions().get(0);
        assertThat(outcome.effect()).as(outcome.explanation()).isEqualTo("NO_EFFECT");
        assertThat(outcome.explanation()).isEqualTo("changes nothing: the learner meets 'One credential in ethical"
                + " awareness' of AI-LIT-AWARD without it");
        // Left out of the answer: the ethics credential counts where it would without the waiver.
        assertThat(node(award(answer).requirement(), "ethics").credentials()).containsExactly("AIL-EA-140");
        assertThat(node(award(answer).requirement(), "ethics").exceptions()).isEmpty();
    }

    @Test
    void a_waiver_that_frees_a_credential_for_another_requirement_changed_that_outcome() {
        // Without AIL-PU-120 the certificate's breadth takes the ethics credential once ethics is waived.
        List<HeldCredential> held = List.of(held("AIL-TK-101"), held("AIL-PU-110"), held("AIL-EA-140"));
        EvaluationResult answer = evaluate(held, exception("EX-W", Kind.WAIVE, "AI-LIT-AWARD", "ethics", null,
                null, null, null));
        ExceptionOutcome outcome = answer.exceptions().get(0);
        assertThat(outcome.effect()).isEqualTo("CHANGED");
        assertThat(outcome.qualifications()).contains("AI-LIT-CERT").doesNotContain("AI-LIT-AWARD");
        // Within the certificate the credential counts for breadth either way (the least remaining effort), so
        // without the waiver its ethics is the part left unmet.
        assertThat(outcome.explanation()).contains("AI-LIT-CERT stays IN_PROGRESS, but 'One credential in ethical"
                + " awareness' is met; without it not met");
    }

    @Test
    void a_substituted_credential_counts_as_the_one_it_stands_for() {
        List<HeldCredential> held = List.of(held("UHI-AI-INTRO"), held("AIL-PU-110"), held("AIL-EA-140"));
        assertThat(award(evaluate(held)).status()).isEqualTo(Status.IN_PROGRESS);
        EvaluationResult answer = evaluate(held, exception("EX-S", Kind.SUBSTITUTE, null, null, "UHI-AI-INTRO",
                "AIL-TK-101", null, null));
        QualificationResult award = award(answer);
        assertThat(award.status()).isEqualTo(Status.ELIGIBLE);
        RequirementResult counted = nodes(award.requirement()).stream()
                .filter(n -> n.credentials() != null && n.credentials().contains("UHI-AI-INTRO as AIL-TK-101"))
                .findFirst().orElseThrow();
        assertThat(counted.exceptions()).containsExactly("EX-S (SUBSTITUTE)");
        assertThat(answer.exceptions().get(0).effect()).isEqualTo("CHANGED");
        assertThat(award.exceptions()).containsExactly("EX-S");
    }

    @Test
    void an_allowed_credential_counts_where_it_would_not_and_the_rule_that_allowed_it_is_named() {
        // AIL-CT-130 is in critical thinking, not ethical awareness.
        List<HeldCredential> held = List.of(held("AIL-TK-101"), held("AIL-PU-110"), held("AIL-CT-130"));
        assertThat(award(evaluate(held)).status()).isEqualTo(Status.IN_PROGRESS);
        EvaluationResult answer = evaluate(held, exception("EX-A", Kind.ALLOW, "AI-LIT-AWARD", "ethics",
                "AIL-CT-130", null, null, null));
        QualificationResult award = award(answer);
        assertThat(award.status()).isEqualTo(Status.ELIGIBLE);
        RequirementResult ethics = node(award.requirement(), "ethics");
        assertThat(ethics.credentials()).containsExactly("AIL-CT-130");
        assertThat(ethics.exceptions()).containsExactly("EX-A (ALLOW)");
        assertThat(award.decidedBy()).contains("SYS-EXCEPTION-ALLOW");
        assertThat(answer.firedRules()).contains("SYS-EXCEPTION-ALLOW");
    }

    @Test
    void an_extended_validity_keeps_an_expired_credential_counting() {
        List<HeldCredential> held = List.of(new HeldCredential("AIL-TK-101", LocalDate.parse("2025-03-01"),
                LocalDate.parse("2026-06-30"), null, null, null), held("AIL-PU-110"), held("AIL-EA-140"));
        EvaluationResult plain = evaluate(held);
        assertThat(award(plain).status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(plain.excluded()).anySatisfy(e -> assertThat(e.ruleId()).isEqualTo("SYS-EXPIRED"));
        EvaluationResult answer = evaluate(held, exception("EX-V", Kind.EXTEND_VALIDITY, null, null, "AIL-TK-101",
                null, LocalDate.parse("2027-06-30"), null));
        assertThat(award(answer).status()).isEqualTo(Status.ELIGIBLE);
        assertThat(answer.excluded()).noneSatisfy(e -> assertThat(e.ruleId()).isEqualTo("SYS-EXPIRED"));
        assertThat(nodes(award(answer).requirement()).stream().flatMap(n -> n.exceptions().stream()))
                .contains("EX-V (EXTEND_VALIDITY)");
    }

    @Test
    void a_lapsed_exception_and_one_naming_what_is_not_there_do_not_apply_and_say_why() {
        EvaluationResult answer = evaluate(NO_ETHICS,
                exception("EX-OLD", Kind.WAIVE, "AI-LIT-AWARD", "ethics", null, null, null,
                        LocalDate.parse("2026-06-30")),
                exception("EX-TYPO", Kind.WAIVE, "AI-LIT-AWARD", "ethic", null, null, null, null),
                exception("EX-NOT-HELD", Kind.EXTEND_VALIDITY, null, null, "AIL-TK-210", null,
                        LocalDate.parse("2027-01-01"), null));
        assertThat(award(answer).status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(award(answer).exceptions()).isNull();
        assertThat(answer.exceptions()).extracting(ExceptionOutcome::effect)
                .containsExactly("LAPSED", "NOT_APPLICABLE", "NOT_APPLICABLE");
        assertThat(answer.exceptions().get(0).explanation())
                .isEqualTo("does not apply: it lapsed on 2026-06-30, before the as-of date 2026-11-01");
        assertThat(answer.exceptions().get(1).explanation()).contains("AI-LIT-AWARD has no requirement ethic");
        assertThat(answer.exceptions().get(2).explanation()).contains("the learner does not hold AIL-TK-210");
    }

    @Test
    void two_exceptions_are_each_credited_with_what_they_changed() {
        List<HeldCredential> held = List.of(held("AIL-TK-101"));
        EvaluationResult answer = evaluate(held,
                exception("EX-P", Kind.FORCE_COMPLETE, "AI-LIT-AWARD", "practice", null, null, null, null),
                exception("EX-E", Kind.WAIVE, "AI-LIT-AWARD", "ethics", null, null, null, null));
        assertThat(award(answer).status()).isEqualTo(Status.ELIGIBLE);
        assertThat(award(answer).exceptions()).containsExactly("EX-P", "EX-E");
        assertThat(answer.exceptions()).extracting(ExceptionOutcome::effect).containsExactly("CHANGED", "CHANGED");
    }

    @Test
    void the_same_request_gives_the_same_answer() {
        GrantedException waiver = exception("EX-W", Kind.WAIVE, "AI-LIT-AWARD", "ethics", null, null, null, null);
        EvaluationResult first = evaluate(NO_ETHICS, waiver);
        EvaluationResult second = evaluate(NO_ETHICS, waiver);
        assertThat(second.qualifications()).isEqualTo(first.qualifications());
        assertThat(second.exceptions()).isEqualTo(first.exceptions());
    }
}
