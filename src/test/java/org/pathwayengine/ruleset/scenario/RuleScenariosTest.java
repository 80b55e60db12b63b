package org.pathwayengine.ruleset.scenario;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pathwayengine.ruleset.RuleProblem;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every {@code rules/**}{@code /*.scenarios.yaml} case as its own JUnit test, through the evaluator the
 * service uses, plus the coverage checks: each rule file has scenarios and each policy rule id is exercised.
 */
class RuleScenariosTest {

    @TestFactory
    List<DynamicTest> scenarios() {
        RulesetLoader.Outcome outcome = new RulesetLoader(getClass().getClassLoader()).load(Path.of("rules"));
        assertThat(outcome.errors()).as("the rules directory validates").isEmpty();
        ScenarioRunner.Report report = new ScenarioRunner().run(outcome.ruleset());
        List<DynamicTest> tests = new ArrayList<>();
        for (ScenarioResult r : report.results()) {
            tests.add(DynamicTest.dynamicTest(r.file() + ":" + r.line() + " " + r.name(), () -> {
                if (!r.passed()) {
                    fail(r.file() + ":" + r.line() + " \"" + r.name() + "\"\n  " + String.join("\n  ", r.failures())
                            + "\n  rules that fired: " + r.fired());
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("every rule file has scenarios and every policy rule is exercised", () ->
                assertThat(report.problems().stream().map(RuleProblem::toString).collect(Collectors.toList()))
                        .isEmpty()));
        assertThat(report.results()).as("scenarios found").isNotEmpty();
        return tests;
    }
}
