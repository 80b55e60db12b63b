package org.pathwayengine.designer;


import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate every ruleset passes before it is served, at startup and on reload alike: the files validate and
 * compile, and the ruleset's own scenarios pass with their coverage (every rule file has scenarios, every policy
 * rule fires in one). So a pod that restarts never serves what a running pod refused.
 */
public final class RulesetCheck {

    /**
     * What the check found.
     *
     * @param ruleset  the ruleset to serve, or null when it must not be served
     * @param version  content hash of the files read (null when the directory could not be read)
     * @param problems errors and warnings of the files, and coverage problems of the scenarios
     * @param failed   the scenarios that failed
     */
    public record Verdict(Ruleset ruleset, String version, List<RuleProblem> problems, List<ScenarioResult> failed) {

        public boolean passed() {
            return ruleset != null;
        }

        public List<RuleProblem> errors() {
            return problems.stream().filter(p -> p.severity() == RuleProblem.Severity.ERROR).toList();
        }

        public List<RuleProblem> warnings() {
            return problems.stream().filter(p -> p.severity() == RuleProblem.Severity.WARNING).toList();
        }
    }

    private RulesetCheck() {
    }

    /**
     * The check and what it was made of: the files as loaded, and the scenario report (null when the files did not
     * load), for tools that say more than the verdict (which rules no scenario fires).
     */
    public record Check(Verdict verdict, RulesetLoader.Outcome loaded, ScenarioRunner.Report report) {

        /** Whether the scenarios were not run because a pass of the same files and engine build is remembered. */
        public boolean remembered() {
            return verdict.passed() && report == null;
        }
    }

    /** The check with scenarios on every core: at start and on the command line. */
    public static Verdict of(Path dir) {
        return check(dir).verdict();
    }

    /** The check with scenarios on at most {@code threads} threads: beside live traffic, on a reload. */
    public static Verdict of(Path dir, int threads) {
        return check(dir, threads).verdict();
    }

    public static Check check(Path dir) {
        return check(dir, Runtime.getRuntime().availableProcessors());
    }

    public static Check check(Path dir, int threads) {
        return check(dir, threads, PassedScenarios.NONE);
    }

    /**
     * The check, where the scenarios are not run again when {@code passed} remembers a pass of exactly these files
     * with this build of the engine today (the files are still read, validated and compiled); a new pass is
     * remembered there. The report is then null and the problems are those the remembered run reported.
     */
    public static Check check(Path dir, int threads, PassedScenarios passed) {
        RulesetLoader.Outcome loaded = new RulesetLoader(RulesetCheck.class.getClassLoader()).load(dir);
        if (!loaded.ok()) {
            return new Check(new Verdict(null, loaded.version(), loaded.problems(), List.of()), loaded, null);
        }
        List<RuleProblem> problems = new ArrayList<>(loaded.problems());
        java.util.Optional<List<RuleProblem>> before = passed.recall(loaded.version());
        if (before.isPresent()) {
            problems.addAll(before.get());
            return new Check(new Verdict(loaded.ruleset(), loaded.version(), List.copyOf(problems), List.of()),
                    loaded, null);
        }
        ScenarioRunner.Report report = new ScenarioRunner(threads).run(loaded.ruleset());
        problems.addAll(report.problems());
        List<ScenarioResult> failed = report.results().stream().filter(r -> !r.passed()).toList();
        if (report.passed()) {
            passed.remember(loaded.version(), report.problems());
        }
        return new Check(new Verdict(report.passed() ? loaded.ruleset() : null, loaded.version(),
                List.copyOf(problems), failed), loaded, report);
    }

    /** A failing scenario as an error at its file and line, in the words `validate` prints. */
    public static RuleProblem asError(ScenarioResult failed) {
        return RuleProblem.error(failed.file(), failed.line(), "scenario \"" + failed.name() + "\" fails: "
                + String.join("; ", failed.failures()) + " (./pathways test shows the rules that fired)");
    }

    /** "2 errors, 1 failing scenario". */
    public static String count(List<RuleProblem> errors, List<ScenarioResult> failed) {
        return errors.size() + (errors.size() == 1 ? " error, " : " errors, ") + failed.size()
                + (failed.size() == 1 ? " failing scenario" : " failing scenarios");
    }

    /** One line per error and per failing scenario, each starting with file:line, for logs. */
    public static String lines(List<RuleProblem> errors, List<ScenarioResult> failed) {
        StringBuilder out = new StringBuilder();
        errors.forEach(p -> out.append("\n  ").append(p));
        failed.forEach(s -> out.append("\n  ").append(s.file()).append(':').append(s.line()).append(": scenario \"")
                .append(s.name()).append("\" failed: ").append(String.join("; ", s.failures())));
        return out.toString();
    }
}
