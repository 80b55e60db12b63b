package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A named group is written once and used like an inline requirement: two uses in one qualification are two
 * requirements with their own ids, and a credential still counts once across them (issue 10, format gaps).
 */
class NamedGroupTest {

    @TempDir
    Path dir;

    @Test
    void two_uses_of_one_group_are_two_requirements_and_a_credential_counts_in_only_one() throws IOException {
        TestRules.copySample(dir);
        Path pathway = dir.resolve("pathways/ai-literacy.yaml");
        Files.writeString(pathway, Files.readString(pathway).replace("""
                        - group: ethical-awareness
                          id: ethics
                """, """
                        - group: ethical-awareness
                          id: ethics
                        - group: ethical-awareness
                          id: more-ethics
                          title: A second ethics credential
                """));
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();

        QualificationResult award = evaluate(loaded, "AIL-TK-101", "AIL-PU-110", "AIL-EA-140");
        assertThat(award.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(award.requirement().children()).extracting(RequirementResult::id)
                .containsExactly("AIL-TK-101", "practice", "ethics", "more-ethics");
        RequirementResult second = award.requirement().children().get(3);
        assertThat(second.title()).isEqualTo("A second ethics credential");
        assertThat(award.requirement().children().get(2).credentials()).containsExactly("AIL-EA-140");
        assertThat(second.met()).isFalse();

        assertThat(evaluate(loaded, "AIL-TK-101", "AIL-PU-110", "AIL-EA-140", "AIL-EA-250").status())
                .isEqualTo(Status.ELIGIBLE);
    }

    private static QualificationResult evaluate(RulesetLoader.Outcome loaded, String... codes) {
        List<HeldCredential> held = java.util.Arrays.stream(codes)
                .map(c -> new HeldCredential(c, LocalDate.parse("2026-01-10"), null, null, null, null)).toList();
        EvaluationResult answer = new Evaluator(Clock.systemUTC()).evaluate(loaded.ruleset(),
                new EvaluationRequest(null, LocalDate.parse("2026-11-01"), held));
        return answer.qualifications().stream().filter(q -> q.code().equals("AI-LIT-AWARD")).findFirst()
                .orElseThrow();
    }
}
