package org.pathwayengine.cli;

import org.pathwayengine.designer.Impact;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.model.Ruleset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pathways impact BEFORE AFTER}: what a rule change would change, before it goes live. */
@Command(name = "impact", mixinStandardHelpOptions = true,
        description = {"Show the effect of a rule change before it goes live: evaluate the same learners on the rules"
                + " before (BEFORE) and after the change (AFTER), and list every outcome that differs.",
                "The learners are every scenario's learner in both directories, and any learner files given."
                        + " Exit 0 when done (whether or not anything changed), 1 when either directory or a learner"
                        + " file has problems, 3 with --fail-on-change when something changed."})
final class ImpactCommand implements Callable<Integer> {

    /** Exit code of {@code --fail-on-change} when an outcome changed. */
    static final int CHANGED = 3;

    @Parameters(index = "0", paramLabel = "BEFORE", description = "the rules as they are, e.g. the served rules")
    Path before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "the changed rules")
    Path after;

    @Option(names = "--learner", paramLabel = "FILE",
            description = "a learner file (a request body) to try the change on as well; repeatable")
    List<Path> learnerFiles = new ArrayList<>();

    @Option(names = "--json", description = "print the comparison as JSON")
    boolean json;

    @Option(names = "--fail-on-change", description = "exit " + CHANGED + " when any outcome changes (for CI)")
    boolean failOnChange;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Ruleset was = Cli.load(before, out);
        Ruleset now = Cli.load(after, out);
        if (was == null || now == null) {
            return 1;
        }
        List<Impact.Learner> scenarios = Impact.scenarioLearners(was, now);
        Map<String, Impact.Learner> learners = new LinkedHashMap<>();
        scenarios.forEach(l -> learners.put(l.name(), l));
        for (Path file : learnerFiles) {
            EvaluationRequest request;
            try {
                request = LearnerFile.read(file);
            } catch (LearnerFile.Invalid e) {
                e.problems().forEach(out::println);
                return 1;
            }
            learners.put(file.toString(), new Impact.Learner(file.toString(), request));
        }
        List<String> sources = List.of(scenarios.size() + " from scenarios", learnerFiles.size() + " from learner files");
        Impact.Report report = Impact.compare(was, now, sources, List.copyOf(learners.values()), Clock.systemUTC());
        if (json) {
            out.println(Cli.JSON.writeValueAsString(report));
        } else {
            print(report, out);
        }
        return failOnChange && !report.changed().isEmpty() ? CHANGED : 0;
    }

    private void print(Impact.Report report, PrintWriter out) {
        out.println("before: " + before + " (version " + report.before() + ")");
        out.println("after:  " + after + " (version " + report.after() + ")");
        out.println("tried on " + report.learners() + " learner" + (report.learners() == 1 ? "" : "s") + " ("
                + String.join(", ", report.sources()) + "): " + report.changed().size()
                + " changed" + (report.failed().isEmpty() ? "" : ", " + report.failed().size()
                + " could not be evaluated"));
        if (!report.moves().isEmpty()) {
            out.println();
            out.println("status moves:");
            report.moves().forEach(m -> out.println("  " + m.qualification() + ": " + m.from() + " -> " + m.to()
                    + " for " + m.learners() + " learner" + (m.learners() == 1 ? "" : "s")));
        }
        for (Impact.LearnerImpact learner : report.changed()) {
            out.println();
            out.println(learner.learner());
            for (Impact.Change c : learner.changes()) {
                out.println("  " + (c.qualification() == null ? "" : c.qualification() + " ") + c.aspect() + ": "
                        + c.before() + " -> " + c.after());
            }
        }
        report.failed().forEach(f -> out.println("could not be evaluated: " + f));
    }
}
