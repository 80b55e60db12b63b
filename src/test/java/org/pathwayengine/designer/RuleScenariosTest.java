package org.pathwayengine.designer;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every {@code rules/**}{@code /*.scenarios.yaml} case as its own JUnit test, through the evaluator the
 * service uses, so the Maven run counts exactly the scenarios that {@code ./pathways test} counts. The coverage
 * checks (each rule file has scenarios, each policy rule id is exercised) are {@link RuleCoverageTest}.
 */
class RuleScenariosTest {

    static ScenarioRunner.Report runSampleRules() {
        RulesetLoader.Outcome outcome = new RulesetLoader(RuleScenariosTest.class.getClassLoader()).load(Path.of("rules"));
        assertThat(outcome.errors()).as("the rules directory validates").isEmpty();
        return new ScenarioRunner().run(outcome.ruleset());
    }

    @TestFactory
    List<DynamicTest> scenarios() {
        ScenarioRunner.Report report = runSampleRules();
        List<DynamicTest> tests = new ArrayList<>();
        for (ScenarioResult r : report.results()) {
            tests.add(DynamicTest.dynamicTest(r.file() + ":" + r.line() + " " + r.name(), () -> {
                if (!r.passed()) {
                    fail(r.file() + ":" + r.line() + " \"" + r.name() + "\"\n  " + String.join("\n  ", r.failures())
                            + "\n  rules that fired: " + r.fired());
                }
            }));
        }
        assertThat(report.results()).as("scenarios found").isNotEmpty();
        return tests;
    }
}
