package org.pathwayengine.cli;

import org.pathwayengine.ruleset.RuleProblem;
import org.pathwayengine.ruleset.RulesetLoader;
import org.pathwayengine.ruleset.scenario.ScenarioResult;
import org.pathwayengine.ruleset.scenario.ScenarioRunner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The designers' command line: validate a rules directory and run its scenarios in seconds, with no server and
 * no database, using exactly the loader and evaluator the service uses. Run it as {@code ./pathways validate}.
 */
public final class Cli {

    private Cli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length < 1 || args.length > 2 || !List.of("validate", "test").contains(args[0])) {
            out.println("usage: pathways validate [RULES_DIR]   check every rule file; errors and warnings with file:line");
            out.println("       pathways test [RULES_DIR]       run every *.scenarios.yaml and report each case");
            return 2;
        }
        Path dir = Path.of(args.length == 2 ? args[1] : "rules");
        RulesetLoader.Outcome outcome = new RulesetLoader(Cli.class.getClassLoader()).load(dir);
        long errors = outcome.problems().stream().filter(p -> p.severity() == RuleProblem.Severity.ERROR).count();
        long warnings = outcome.problems().size() - errors;
        if (args[0].equals("validate") || !outcome.ok()) {
            outcome.problems().forEach(p -> out.println(p));
            out.println(dir + ": " + errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning"
                    + (warnings == 1 ? "" : "s") + (outcome.ok() ? "; version " + outcome.ruleset().version() : ""));
            return outcome.ok() ? 0 : 1;
        }
        ScenarioRunner.Report report = new ScenarioRunner().run(outcome.ruleset());
        for (ScenarioResult r : report.results()) {
            out.println((r.passed() ? "PASS " : "FAIL ") + r.file() + ":" + r.line() + " " + r.name());
            if (!r.passed()) {
                r.failures().forEach(f -> out.println("       " + f));
                out.println("       rules that fired: " + r.fired());
            }
        }
        report.problems().forEach(p -> out.println(p));
        long failed = report.results().stream().filter(r -> !r.passed()).count();
        out.println("scenarios: " + (report.results().size() - failed) + " passed, " + failed + " failed"
                + (report.problems().isEmpty() ? "" : "; " + report.problems().size() + " coverage problems"));
        return report.passed() ? 0 : 1;
    }
}
