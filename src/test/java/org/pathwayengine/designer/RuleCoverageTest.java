package org.pathwayengine.designer;

import org.junit.jupiter.api.Test;
import org.pathwayengine.model.RuleProblem;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample rules leave no gap that {@code ./pathways test} would report: every rule file and policy rule is tested. */
class RuleCoverageTest {

    @Test
    void every_rule_file_has_scenarios_and_every_policy_rule_is_exercised() {
        assertThat(RuleScenariosTest.runSampleRules().problems()).extracting(RuleProblem::toString).isEmpty();
    }
}
