package org.pathwayengine.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the service starts with: only rules that a reload would also accept, so a pod that restarts never serves
 * what a running pod refused; otherwise the startup error lists every reason with file and line.
 */
class RulesetHolderTest {

    @TempDir
    Path dir;

    @Test
    void the_sample_rules_are_served_under_their_content_hash() {
        assertThat(RulesetHolder.checked(Path.of("rules")).version())
                .isEqualTo(RulesetLoader.fingerprint(Path.of("rules")));
    }

    @Test
    void rules_whose_scenario_fails_do_not_start_the_service() throws IOException {
        TestRules.copySample(dir);
        ReloadFixtures.breakScenario(dir);
        assertThatThrownBy(() -> RulesetHolder.checked(dir))
                .hasMessageContaining("cannot be served (0 errors, 1 failing scenario):")
                .hasMessageContaining("\n  policies/recency.scenarios.yaml:4: scenario \"a still-valid credential"
                        + " from over three years ago does not count towards AI qualifications\" failed: status of"
                        + " AI-LIT-AWARD: expected ELIGIBLE but was IN_PROGRESS");
    }

    @Test
    void rules_that_do_not_compile_do_not_start_the_service() throws IOException {
        TestRules.copySample(dir);
        ReloadFixtures.breakDrl(dir);
        assertThatThrownBy(() -> RulesetHolder.checked(dir))
                .hasMessageContaining("cannot be served (1 error, 0 failing scenarios):")
                .hasMessageContaining("\n  policies/recency.drl:" + ReloadFixtures.BROKEN_DRL_LINE + ": error: ");
    }
}
