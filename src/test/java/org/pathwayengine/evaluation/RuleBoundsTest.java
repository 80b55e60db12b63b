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
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A policy that keeps re-triggering itself cannot hold an evaluation (or a scenario, which runs the same code): the
 * rules stop at a firing cap or a wall-clock limit, and the failure names the rule that kept firing.
 */
class RuleBoundsTest {

    @TempDir
    Path dir;

    @Test
    void a_rule_that_re_triggers_itself_stops_at_the_cap_and_is_named() throws IOException {
        Ruleset looping = looping();
        assertThatThrownBy(() -> onlyTheCap().evaluate(looping, learner()))
                .isInstanceOf(RulesDidNotSettleException.class)
                .hasMessageContaining("the rule that kept firing is POL-LOOP-001");
    }

    @Test
    void a_policy_declaring_the_engines_package_still_counts_towards_the_cap() throws IOException {
        Ruleset looping = looping("engine");
        assertThatThrownBy(() -> onlyTheCap().evaluate(looping, learner()))
                .isInstanceOf(RulesDidNotSettleException.class)
                .hasMessageContaining("the rule that kept firing is POL-LOOP-001");
    }

    @Test
    void the_rules_stop_at_the_time_limit_and_say_so() throws IOException {
        Ruleset looping = looping();
        // No firing cap, so only the clock can stop it.
        Evaluator evaluator = new Evaluator(Clock.systemUTC(), Advisor.EVALUATION_PLAN_BUDGET, Duration.ofSeconds(1),
                Integer.MAX_VALUE);
        assertThatThrownBy(() -> evaluator.evaluate(looping, learner()))
                .isInstanceOf(RulesDidNotSettleException.class)
                .hasMessageContaining("the rules ran past the limit of 1000 ms for one evaluation")
                .hasMessageContaining("the rule that fired most is POL-LOOP-001");
    }

    @Test
    void the_engines_own_firings_do_not_count_towards_the_cap() throws IOException {
        // A learner holding many credentials makes the engine's candidacy rules fire once per credential and
        // requirement: legitimate work, bounded by the facts, which must not read as a policy that loops. The sample
        // without its policies, capped at one policy firing: the answer is still the full answer.
        TestRules.copySample(dir);
        try (var policies = Files.list(dir.resolve("policies"))) {
            for (Path p : policies.toList()) {
                Files.delete(p);
            }
        }
        EvaluationRequest many = new EvaluationRequest(null, LocalDate.parse("2026-11-01"), List.of(
                held("AIL-TK-101"), held("AIL-TK-210"), held("AIL-PU-110"), held("AIL-CT-130"), held("AIL-EA-140"),
                held("AIL-SI-160")));
        Evaluator capped = new Evaluator(Clock.systemUTC(), Advisor.EVALUATION_PLAN_BUDGET, Evaluator.RULE_TIME_LIMIT,
                1);
        Ruleset sample = new RulesetLoader(getClass().getClassLoader()).load(dir).ruleset();
        EvaluationResult answer = capped.evaluate(sample, many);
        EvaluationResult uncapped = new Evaluator(Clock.systemUTC()).evaluate(sample, many);
        assertThat(answer.firedRules()).contains("SYS-CANDIDATE-FILTER");
        assertThat(answer.qualifications()).isNotEmpty();
        assertThat(answer.qualifications()).isEqualTo(uncapped.qualifications());
    }

    /**
     * The service's firing cap with a time limit no machine reaches first: on a loaded machine 100,000 firings can
     * take longer than the service's 5 seconds, and then the clock, not the cap, would stop the rules.
     */
    private static Evaluator onlyTheCap() {
        return new Evaluator(Clock.systemUTC(), Advisor.EVALUATION_PLAN_BUDGET, Duration.ofMinutes(1),
                Evaluator.MAX_FIRINGS);
    }

    private static HeldCredential held(String code) {
        return new HeldCredential(code, LocalDate.parse("2026-01-01"), null, null, null, null);
    }

    private Ruleset looping() throws IOException {
        return looping("policies");
    }

    private Ruleset looping(String pkg) throws IOException {
        TestRules.copySample(dir);
        Files.writeString(dir.resolve("policies/loop.drl"), "package " + pkg + ";\n" + """

                import org.pathwayengine.facts.*;

                rule "Touches every credential again"
                    @id("POL-LOOP-001") @description("Updates the fact it matched, so it matches again.")
                when
                    $h : Held( )
                then
                    update($h);
                end
                """);
        Files.writeString(dir.resolve("policies/loop.scenarios.yaml"), "[]\n");
        RulesetLoader.Outcome outcome = new RulesetLoader(getClass().getClassLoader()).load(dir);
        org.assertj.core.api.Assertions.assertThat(outcome.errors()).isEmpty();
        return outcome.ruleset();
    }

    private static EvaluationRequest learner() {
        return new EvaluationRequest(null, LocalDate.parse("2026-11-01"), List.of(new HeldCredential("AIL-TK-101",
                LocalDate.parse("2026-01-01"), null, null, null, null)));
    }
}
