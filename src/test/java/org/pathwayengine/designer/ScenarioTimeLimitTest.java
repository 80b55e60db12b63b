package org.pathwayengine.designer;

import org.junit.jupiter.api.Test;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A scenario run is bounded as a whole, so no ruleset can hold the reload thread or a CI job without end. */
class ScenarioTimeLimitTest {

    @Test
    void scenarios_not_started_within_the_run_time_limit_fail_as_not_run() {
        RulesetLoader.Outcome outcome = new RulesetLoader(getClass().getClassLoader()).load(Path.of("rules"));
        ScenarioRunner.Report report = new ScenarioRunner().run(outcome.ruleset(), Duration.ZERO);
        assertThat(report.results()).isNotEmpty().allSatisfy(r -> assertThat(r.failures())
                .containsExactly("not run: the scenarios took longer than the limit of 0 s for one run"));
        assertThat(report.passed()).isFalse();
    }
}
