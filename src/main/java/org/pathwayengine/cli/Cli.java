package org.pathwayengine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.pathwayengine.catalog.Numbers;
import org.pathwayengine.designer.QualificationGuide;
import org.pathwayengine.designer.ScenarioResult;
import org.pathwayengine.designer.RulesetCheck;
import org.pathwayengine.designer.ScenarioRunner;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.evaluation.Evaluator;
import org.pathwayengine.evaluation.RulesDidNotSettleException;
import org.pathwayengine.model.RuleFile;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The designers' command line: validate a rules directory, run its scenarios, evaluate a learner, explain a
 * qualification and scaffold new rule files, in seconds, with no server and no database, using exactly the
 * loader and evaluator the service uses. Run it as {@code ./pathways validate} and so on.
 * Exit codes: 0 done, 1 the rules or the input have problems (or a scenario failed), 2 the command was mistyped,
 * 3 an outcome changed (impact --fail-on-change).
 */
@Command(name = "pathways", mixinStandardHelpOptions = true, version = "Pathway Engine designers' command line",
        description = "Check, test and explore the rules in a rules directory, without a server or a database.",
        subcommands = {Cli.Validate.class, Cli.Test.class, Cli.Evaluate.class, Cli.Show.class, Cli.Explain.class,
                ImpactCommand.class, Cli.New.class, InterchangeCommands.Import.class, InterchangeCommands.Export.class,
                TokenCommand.class, VerifyCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done; 1 the rules or the input have problems, or a scenario failed;"
                + " 2 the command was mistyped; 3 (impact --fail-on-change) an outcome changed."})
public final class Cli implements Callable<Integer> {

    /** Answers printed as JSON: indented, dates as ISO text, as the service writes them. */
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        quietLibraries();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Outside the service nothing configures logging, so every logger is at ALL: Drools then formats a trace line
     * for each fact it inserts and each rule it fires (about a tenth of a scenario run on a large catalog) for no
     * handler to print. The command line prints its own report; libraries keep only their warnings.
     */
    private static void quietLibraries() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    static int run(String[] args, PrintStream out) {
        return run(args, out, out);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
        CommandLine cli = new CommandLine(new Cli()).setOut(o).setErr(e)
                .setExecutionExceptionHandler((ex, commandLine, parsed) -> {
                    // An unreadable file or a directory that vanished: the message is the answer, not a stack trace.
                    commandLine.getErr().println("pathways: " + ex.getMessage());
                    return 1;
                });
        int code = cli.execute(args);
        o.flush();
        e.flush();
        return code;
    }

    /** Without a sub-command: say what there is. */
    @Override
    public Integer call() {
        return usage(spec, "name a command: validate, test, evaluate, show, explain, impact, new, import, export,"
                + " token or verify");
    }

    static int usage(CommandLine.Model.CommandSpec spec, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(message);
        spec.commandLine().usage(err);
        return CommandLine.ExitCode.USAGE;
    }

    /** Loads a rules directory; when it does not validate, prints every problem and returns null. */
    static Ruleset load(Path dir, PrintWriter out) {
        RulesetLoader.Outcome outcome = new RulesetLoader(Cli.class.getClassLoader()).load(dir);
        if (!outcome.ok()) {
            outcome.problems().forEach(out::println);
            out.println(summary(dir, outcome.problems(), null));
        }
        return outcome.ruleset();
    }

    static String summary(Path dir, List<RuleProblem> problems, Ruleset ruleset) {
        long errors = problems.stream().filter(p -> p.severity() == RuleProblem.Severity.ERROR).count();
        long warnings = problems.size() - errors;
        return dir + ": " + errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning"
                + (warnings == 1 ? "" : "s") + (ruleset != null ? "; version " + ruleset.version() : "");
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check the rules as the service does before it serves them, and print each error and"
                    + " warning as file:line: message.",
                    "Errors are the files' errors, rule files without scenarios, policy rule ids no scenario makes"
                            + " fire, and failing scenarios: exit 1 exactly when the service would refuse these"
                            + " rules. Warnings name credentials no pathway uses, requirements no credential can"
                            + " meet, TODO placeholders, and gaps in the index of README.md; warnings alone exit 0."})
    static final class Validate implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", defaultValue = "rules", paramLabel = "DIR",
                description = "the rules directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            // The service's own gate: what validate passes, a service serves, and what it refuses, validate fails.
            RulesetCheck.Check check = RulesetCheck.check(dir);
            RulesetLoader.Outcome outcome = check.loaded();
            List<RuleProblem> problems = new ArrayList<>(check.verdict().problems());
            check.verdict().failed().forEach(f -> problems.add(RulesetCheck.asError(f)));
            if (outcome.ok()) {
                Ruleset ruleset = outcome.ruleset();
                problems.addAll(todos(dir, ruleset));
                problems.addAll(RulesIndex.check(dir, ruleset));
            }
            problems.forEach(out::println);
            out.println(summary(dir, problems, outcome.ruleset()));
            return check.verdict().passed() ? 0 : 1;
        }

        /** Placeholders left to fill, e.g. by {@code new}: every line of a rule file with a "TODO:" marker. */
        private static List<RuleProblem> todos(Path dir, Ruleset ruleset) throws IOException {
            List<RuleProblem> out = new ArrayList<>();
            for (RuleFile f : ruleset.files()) {
                List<String> lines = Files.readAllLines(dir.resolve(f.path()), StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    int at = lines.get(i).indexOf("TODO:");
                    if (at >= 0) {
                        out.add(RuleProblem.warning(f.path(), i + 1, "to do: " + lines.get(i)
                                .substring(at + "TODO:".length()).replaceFirst("\"\\)?$", "").strip()));
                    }
                }
            }
            return out;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run every *.scenarios.yaml and report each case: PASS, or FAIL with expected against"
                    + " actual and the rules that fired.",
                    "Also fails when a pathway or policy has no scenarios or a policy rule id is never made to fire."
                            + " Exit 1 on any failure."})
    static final class Test implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", defaultValue = "rules", paramLabel = "DIR",
                description = "the rules directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--junit", paramLabel = "FILE",
                description = "also write the results as JUnit XML to FILE, for CI")
        Path junit;

        @Option(names = "--watch", description = "stay running and test again whenever a rule or scenario file is"
                + " saved (one warm process: answers in about a second); Ctrl-C ends it")
        boolean watch;

        @Spec
        CommandLine.Model.CommandSpec spec;

        /** How often a watch looks for a change, and how long a change must stay before it is tested. */
        private static final long WATCH_POLL_MS = 150;
        private static final long WATCH_SETTLE_MS = 200;

        @Override
        public Integer call() throws IOException {
            if (!watch) {
                return once();
            }
            PrintWriter out = spec.commandLine().getOut();
            String tested = RulesetLoader.fingerprint(dir);
            int code = once();
            out.println("watching " + dir + " for changes (Ctrl-C ends)");
            out.flush();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(WATCH_POLL_MS);
                    String now = RulesetLoader.fingerprint(dir);
                    if (java.util.Objects.equals(now, tested)) {
                        continue;
                    }
                    // Editors save in several writes: test once the files have stopped changing.
                    Thread.sleep(WATCH_SETTLE_MS);
                    if (!java.util.Objects.equals(now, RulesetLoader.fingerprint(dir))) {
                        continue;
                    }
                    tested = now;
                    long started = System.nanoTime();
                    out.println();
                    out.println("--- " + java.time.LocalTime.now().withNano(0) + " changed: testing again");
                    code = once();
                    out.println("--- tested in " + Numbers.rounded((System.nanoTime() - started) / 1e9) + " s;"
                            + " watching for changes");
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return code;
        }

        private int once() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            JunitReport xml = new JunitReport();
            // The same check validate and the service make; here every scenario's result is shown.
            RulesetCheck.Check check = RulesetCheck.check(dir);
            RulesetLoader.Outcome outcome = check.loaded();
            if (!outcome.ok()) {
                outcome.problems().forEach(out::println);
                out.println(summary(dir, outcome.problems(), null));
                outcome.errors().forEach(p -> xml.problem("rules validate", p));
                writeJunit(xml, out);
                return 1;
            }
            ScenarioRunner.Report report = check.report();
            for (ScenarioResult r : report.results()) {
                out.println((r.passed() ? "PASS " : "FAIL ") + r.file() + ":" + r.line() + " " + r.name());
                if (!r.passed()) {
                    r.failures().forEach(f -> out.println("       " + f));
                    out.println("       rules that fired: " + r.fired());
                }
                xml.scenario(r);
            }
            report.problems().forEach(p -> {
                out.println(p);
                xml.problem("scenario coverage", p);
            });
            long failed = report.results().stream().filter(r -> !r.passed()).count();
            out.println("scenarios: " + (report.results().size() - failed) + " passed, " + failed + " failed; "
                    + (report.problems().isEmpty() ? "coverage: every rule file has scenarios and every policy rule"
                    + " is exercised" : "coverage: " + report.problems().size() + " problems"));
            writeJunit(xml, out);
            return report.passed() ? 0 : 1;
        }

        private void writeJunit(JunitReport xml, PrintWriter out) throws IOException {
            if (junit != null) {
                xml.write(junit);
                out.println("JUnit XML written to " + junit);
            }
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = {"Evaluate a learner file (a request body as sent to POST /api/v1/evaluations) on the"
                    + " rules, as the service would, and print the answer:",
                    "per qualification its status, summary and requirement tree ([x] met, [ ] not), then what did"
                            + " not count and the rule id that decided it. Exit 1 when the rules or the file are"
                            + " not valid."})
    static final class Evaluate implements Callable<Integer> {


        @Parameters(index = "0", paramLabel = "DIR", description = "the rules directory")
        Path dir;

        @Parameters(index = "1", paramLabel = "LEARNER", description = "the learner file, e.g."
                + " openapi/examples/evaluation-request.json")
        Path learner;

        @Option(names = "--json", description = "print the answer exactly as the service's JSON")
        boolean json;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            EvaluationRequest request;
            try {
                request = LearnerFile.read(learner);
            } catch (LearnerFile.Invalid e) {
                e.problems().forEach(out::println);
                return 1;
            }
            Ruleset ruleset = load(dir, out);
            if (ruleset == null) {
                return 1;
            }
            EvaluationResult result;
            try {
                result = new Evaluator(Clock.systemUTC()).evaluate(ruleset, request)
                        .withRecord(null, false, "evaluated by the command line, which keeps no records");
            } catch (RulesDidNotSettleException e) {
                out.println("the rules could not decide: " + e.getMessage());
                return 1;
            }
            out.print(json ? toJson(result) + "\n" : EvaluationText.render(result));
            return 0;
        }

        private static String toJson(EvaluationResult result) throws JsonProcessingException {
            return JSON.writeValueAsString(result);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print an answer of the service (the JSON of POST /api/v1/evaluations, from a file or"
                    + " standard input) as text: the same text as evaluate, or with --brief one line per"
                    + " qualification and per credential not counted.",
                    "For example: curl ... /api/v1/evaluations | ./pathways show --brief. Exit 1 when the input is"
                            + " not such an answer."})
    static final class Show implements Callable<Integer> {

        /** Answers from a newer service may carry fields this command does not know; they are not needed to read it. */
        private static final ObjectMapper READER = JSON.copy()
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        @Parameters(index = "0", arity = "0..1", defaultValue = "-", paramLabel = "ANSWER",
                description = "the answer's JSON file, or - for standard input (default)")
        String answer;

        @Option(names = "--brief", description = "one line per qualification and per credential not counted")
        boolean brief;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            byte[] json = "-".equals(answer) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(answer));
            EvaluationResult result;
            try {
                result = READER.readValue(json, EvaluationResult.class);
            } catch (IOException e) {
                result = null;
            }
            if (result == null || result.rulesetVersion() == null || result.qualifications() == null) {
                String text = new String(json, StandardCharsets.UTF_8).strip();
                spec.commandLine().getErr().println("pathways: " + ("-".equals(answer) ? "the input" : answer)
                        + " is not an evaluation answer" + (text.isEmpty() ? " (it is empty)" : ":\n"
                        + (text.length() > 2000 ? text.substring(0, 2000) + " ..." : text)));
                return 1;
            }
            out.print(brief ? EvaluationText.brief(result) : EvaluationText.render(result));
            return 0;
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = {"Explain a qualification: its requirement tree in words, and what Drools runs for it"
                    + " (the facts inserted and the rule ids that can match them).",
                    "With --graph, print its pathway as a Mermaid flowchart instead (paste it into a ```mermaid"
                            + " block of any Markdown file on GitHub or GitLab)."})
    static final class Explain implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DIR", description = "the rules directory")
        Path dir;

        @Parameters(index = "1", paramLabel = "QUALIFICATION", description = "a qualification code, e.g."
                + " AI-LIT-CERT")
        String code;

        @Option(names = "--graph", description = "print the pathway as a Mermaid flowchart")
        boolean graph;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Ruleset ruleset = load(dir, out);
            if (ruleset == null) {
                return 1;
            }
            QualificationGuide guide = new QualificationGuide(ruleset);
            var answer = graph ? guide.graph(code) : guide.explain(code).map(QualificationGuide.Explanation::text);
            if (answer.isEmpty()) {
                out.println(ruleset.catalog().qualification(code).isPresent()
                        ? code + " is in the catalog, but no pathway says what it requires"
                        : "no qualification " + code + " in " + dir + "; the qualifications with pathways are "
                        + String.join(", ", ruleset.awards().keySet()));
                return 1;
            }
            out.print(answer.get());
            return 0;
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Scaffold a pathway or a policy: the file, its scenarios file and its row in the index of"
                    + " README.md. Never overwrites a file.",
            subcommands = {Cli.NewPathway.class, Cli.NewPolicy.class})
    static final class New extends Grouping {

        New() {
            super("say what to create: new pathway NAME or new policy NAME");
        }
    }

    /** A command that only groups others (new, import, export): alone, it says which to name. */
    abstract static class Grouping implements Callable<Integer> {

        private final String hint;

        @Spec
        CommandLine.Model.CommandSpec spec;

        Grouping(String hint) {
            this.hint = hint;
        }

        @Override
        public Integer call() {
            return usage(spec, hint);
        }
    }

    /** What the two scaffolds share: the name, the rules directory, and how the outcome is printed. */
    abstract static class Scaffolding implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "the file name in kebab case, e.g. data-skills")
        String name;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "rules",
                description = "the rules directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Spec
        CommandLine.Model.CommandSpec spec;

        abstract Scaffold.Created create(Scaffold scaffold) throws Scaffold.Refused, IOException;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Ruleset ruleset = load(dir, out);
            if (ruleset == null) {
                out.println("fix these first: a new file is only scaffolded into rules that validate");
                return 1;
            }
            Scaffold.Created created;
            try {
                created = create(new Scaffold(dir, ruleset));
            } catch (Scaffold.Refused e) {
                out.println("pathways new: " + e.getMessage());
                return 1;
            }
            created.files().forEach(f -> out.println("created " + f));
            created.notes().forEach(n -> out.println("note: " + n));
            out.println("Next: fill in every TODO (./pathways validate " + dir + " lists them at file:line), then"
                    + " make the scenarios pass (./pathways test " + dir + ").");
            return 0;
        }
    }

    @Command(name = "pathway", mixinStandardHelpOptions = true,
            description = {"Scaffold pathways/NAME.yaml, its scenarios and, for a new qualification,"
                    + " catalog/NAME.catalog.yaml.",
                    "The pathway validates as written; its placeholder requirement accepts no credential until"
                            + " it is replaced, and its first scenario fails until then."})
    static final class NewPathway extends Scaffolding {

        @Option(names = "--qualification", paramLabel = "CODE",
                description = "the qualification it earns: a catalog qualification that has no pathway yet, or a"
                        + " new code (default: NAME in capitals)")
        String qualification;

        @Override
        Scaffold.Created create(Scaffold scaffold) throws Scaffold.Refused, IOException {
            return scaffold.pathway(name, qualification);
        }
    }

    @Command(name = "policy", mixinStandardHelpOptions = true,
            description = {"Scaffold policies/NAME.drl with one rule (id POL-NAME-001) and its scenarios.",
                    "The rule compiles as written but matches nothing until its conditions are written, and its"
                            + " first scenario fails until then."})
    static final class NewPolicy extends Scaffolding {

        @Override
        Scaffold.Created create(Scaffold scaffold) throws Scaffold.Refused, IOException {
            return scaffold.policy(name);
        }
    }
}
