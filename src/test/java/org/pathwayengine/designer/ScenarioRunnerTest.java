package org.pathwayengine.designer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios run several at once (start, reload, validate and test wait for them): the report is the same, in the
 * same order, as when they run one after another.
 */
class ScenarioRunnerTest {

    @Test
    void scenarios_run_at_once_report_exactly_what_they_report_one_by_one() {
        Ruleset ruleset = new RulesetLoader(getClass().getClassLoader()).load(Path.of("rules")).ruleset();
        ScenarioRunner.Report alone = new ScenarioRunner(1).run(ruleset);
        ScenarioRunner.Report together = new ScenarioRunner(4).run(ruleset);

        assertThat(together.results()).hasSizeGreaterThan(10).isEqualTo(alone.results());
        assertThat(together.problems()).isEqualTo(alone.problems());
        assertThat(together.unexercised()).isEqualTo(alone.unexercised());
        // In the files' order: by file, then by line.
        assertThat(together.results()).isSortedAccordingTo(java.util.Comparator
                .comparing(ScenarioResult::file).thenComparingInt(ScenarioResult::line));
    }

    /**
     * A scenario that expects nothing of next steps is judged without planning them (planning is most of an
     * evaluation's time): its verdict, the rules it fired and the coverage they give are what they are with plans,
     * and a scenario that does expect something of plans still gets them and fails when they differ.
     */
    @Test
    void scenarios_without_plan_expectations_get_the_verdict_they_get_with_plans(@TempDir Path rules)
            throws IOException {
        TestRules.copySample(rules);
        replace(rules.resolve("pathways/ai-literacy.scenarios.yaml"),
                "AI-LIT-AWARD: { rank: 1, hours: 8, steps: [IBM-AI-ETHICS] }",
                "AI-LIT-AWARD: { rank: 1, hours: 9, steps: [IBM-AI-ETHICS] }");
        replace(rules.resolve("pathways/ai-literacy.scenarios.yaml"), "remainingHours: { AI-LIT-CERT: 108 }",
                "remainingHours: { AI-LIT-CERT: 100 }");
        replace(rules.resolve("pathways/ai-literacy.scenarios.yaml"), "available: [AIL-TK-101, AIL-CT-130]",
                "available: [AIL-TK-101, AIL-CT-130, AIL-TK-210]");
        replace(rules.resolve("pathways/digital-skills.scenarios.yaml"), "units: { DIGI-CERTHE/credit-total: 70 }",
                "units: { DIGI-CERTHE/credit-total: 75 }");
        Ruleset ruleset = new RulesetLoader(getClass().getClassLoader()).load(rules).ruleset();

        ScenarioRunner.Report judged = new ScenarioRunner(2).run(ruleset);
        ScenarioRunner.Report planned = new ScenarioRunner(2, true).run(ruleset);

        assertThat(judged.results()).isEqualTo(planned.results());
        assertThat(judged.problems()).isEqualTo(planned.problems());
        assertThat(judged.unexercised()).isEqualTo(planned.unexercised());
        java.util.List<String> failures = judged.results().stream().flatMap(r -> r.failures().stream()).toList();
        assertThat(failures).hasSize(4).contains(
                "hours of the plan to AI-LIT-AWARD: expected 9.0 but was 8.0",
                "remaining hours for AI-LIT-CERT: expected 100.0 but was 108.0",
                "units counted by DIGI-CERTHE/credit-total: expected 75.0 but was 70.0");
        assertThat(failures).anySatisfy(f -> assertThat(f).startsWith(
                "available: expected AIL-TK-210 to be startable now; blocked were"));
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
