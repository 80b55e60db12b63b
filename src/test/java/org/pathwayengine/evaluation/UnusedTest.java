package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code unused} means no qualification considered needs the credential; one that a policy kept out is listed
 * under that reason, not as unneeded (issue 10, defect 5).
 */
class UnusedTest {

    private static final Ruleset SAMPLE = new RulesetLoader(UnusedTest.class.getClassLoader())
            .load(Path.of("rules")).ruleset();

    @Test
    void a_credential_kept_out_by_a_recency_policy_is_excluded_with_its_reason_not_unused() {
        EvaluationResult answer = new Evaluator(Clock.systemUTC()).evaluate(SAMPLE, new EvaluationRequest(null,
                LocalDate.parse("2026-11-01"), List.of(
                        new HeldCredential("AIL-TK-101", LocalDate.parse("2023-01-10"), null, null, null, null),
                        new HeldCredential("AIL-PU-110", LocalDate.parse("2026-01-10"), null, null, null, null))));

        assertThat(answer.excluded()).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo("AIL-TK-101");
            assertThat(e.ruleId()).isEqualTo("POL-RECENCY-001");
        });
        assertThat(answer.unused()).doesNotContain("AIL-TK-101");
    }
}
