package org.pathwayengine.designer;

import org.junit.jupiter.api.Test;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

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
}
