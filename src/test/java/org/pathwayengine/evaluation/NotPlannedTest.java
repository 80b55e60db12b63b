package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A planned credential is not yet earned: it has no grade. A policy that excludes ungraded credentials used to
 * empty every plan without a word; now each qualification left without a plan is named with the rule and its
 * reason, and a policy can keep to held credentials with {@code prospect == false} (issue 10, defect 4).
 */
class NotPlannedTest {

    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");

    @TempDir
    Path dir;

    @Test
    void a_policy_that_excludes_planned_credentials_is_named_for_every_qualification_left_without_a_plan()
            throws IOException {
        EvaluationResult answer = evaluate("Held( grade == null )");

        assertThat(answer.nextSteps()).isEmpty();
        List<String> notEligible = answer.qualifications().stream().filter(q -> q.status() != Status.ELIGIBLE)
                .map(EvaluationResult.QualificationResult::code).toList();
        assertThat(answer.notPlanned()).extracting(EvaluationResult.NotPlanned::qualification)
                .containsExactlyElementsOf(notEligible);
        assertThat(answer.notPlanned()).allSatisfy(n -> {
            assertThat(n.reason()).startsWith("no plan: no combination of catalog credentials completes it, and the"
                    + " rules exclude planned credentials from it (planned ones are awarded on the as-of date, with no"
                    + " grade yet): ")
                    .contains("POL-GRADED-001: no grade recorded");
            assertThat(n.decidedBy()).contains("POL-GRADED-001");
        });
    }

    @Test
    void a_policy_that_keeps_to_held_credentials_leaves_the_plans_alone() throws IOException {
        EvaluationResult answer = evaluate("Held( grade == null, prospect == false )");

        assertThat(answer.notPlanned()).isNull();
        assertThat(answer.nextSteps()).isNotEmpty();
    }

    private EvaluationResult evaluate(String condition) throws IOException {
        TestRules.copySample(dir);
        Files.writeString(dir.resolve("policies/graded.drl"), """
                package policies;
                import org.pathwayengine.facts.*;

                rule "Only graded learning counts"
                    @id("POL-GRADED-001")
                    @description("A credential without a recorded grade does not count.")
                when
                    $h : %s
                then
                    insert(Excluded.everywhere(kcontext, $h, "no grade recorded"));
                end
                """.formatted(condition));
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        Ruleset rules = loaded.ruleset();
        return new Evaluator(Clock.systemUTC()).evaluate(rules, new EvaluationRequest(null, AS_OF, List.of(
                new HeldCredential("AIL-TK-101", LocalDate.parse("2026-01-10"), null, null, null, "Pass"))));
    }
}
