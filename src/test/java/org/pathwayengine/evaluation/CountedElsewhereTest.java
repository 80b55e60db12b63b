package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is missing says what is true when a held credential counts towards another requirement: it is held and
 * counted there (a credential counts once), never "needs" what the learner has (issue 10, defect 3).
 */
class CountedElsewhereTest {

    private static final Ruleset SAMPLE = new RulesetLoader(CountedElsewhereTest.class.getClassLoader())
            .load(Path.of("rules")).ruleset();

    @Test
    void an_included_award_complete_on_its_own_says_what_is_counted_elsewhere_within_the_larger_one() {
        // The Award is complete on its own; within the Certificate, its ethics credential fills the breadth.
        QualificationResult certificate = certificate("AIL-TK-101", "AIL-PU-110", "AIL-EA-140", "AIL-CT-130",
                "AIL-SI-160");

        assertThat(certificate.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(find(certificate.requirement(), "AI-LIT-AWARD").missing()).isEqualTo("Award in AI Literacy"
                + " (included) is not complete within this qualification: 1 of 3 still to meet: One credential in"
                + " ethical awareness");
        assertThat(find(certificate.requirement(), "AI-LIT-AWARD/ethics").missing()).isEqualTo("1 more credential"
                + " from ethical awareness; held but counted elsewhere, as a credential counts once: AIL-EA-140"
                + " counts towards '10 further credits at level 4 or above'");
        assertThat(all(certificate.requirement())).doesNotContain("complete Award in AI Literacy first");
    }

    private static QualificationResult certificate(String... codes) {
        List<HeldCredential> held = new ArrayList<>();
        for (String code : codes) {
            held.add(new HeldCredential(code, LocalDate.parse("2026-01-10"), null, null, null, null));
        }
        EvaluationResult answer = new Evaluator(Clock.systemUTC()).evaluate(SAMPLE,
                new EvaluationRequest(null, LocalDate.parse("2026-11-01"), held));
        return answer.qualifications().stream().filter(q -> q.code().equals("AI-LIT-CERT")).findFirst()
                .orElseThrow();
    }

    private static RequirementResult find(RequirementResult r, String id) {
        if (r.id().equals(id)) {
            return r;
        }
        return r.children().stream().map(c -> find(c, id)).filter(x -> x != null).findFirst().orElse(null);
    }

    private static String all(RequirementResult r) {
        StringBuilder out = new StringBuilder(r.id() + ": " + r.missing() + "\n");
        r.children().forEach(c -> out.append(all(c)));
        return out.toString();
    }
}
