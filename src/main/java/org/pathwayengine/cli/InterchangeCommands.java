package org.pathwayengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayengine.credit.CreditFramework;
import org.pathwayengine.designer.ScenarioRunner;
import org.pathwayengine.interchange.BadgePathwayImport;
import org.pathwayengine.interchange.CtdlExport;
import org.pathwayengine.interchange.CtdlImport;
import org.pathwayengine.interchange.NotImportable;
import org.pathwayengine.interchange.RulesDraft;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code pathways import ctdl|badge-pathway FILE} and {@code pathways export ctdl CODE}: pathways in from the
 * registries' formats as rule files, and out as CTDL. An import writes nothing unless the rules directory with the
 * new files still validates and the drafted scenarios pass.
 */
final class InterchangeCommands {

    private InterchangeCommands() {
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Write catalog, pathway and scenarios files into a rules directory from a CTDL pathway or a"
                    + " badge pathway, with a report of what could not be mapped and which values were filled in.",
            subcommands = {Ctdl.class, BadgePathway.class})
    static final class Import extends Cli.Grouping {

        Import() {
            super("say what to import: import ctdl FILE or import badge-pathway FILE");
        }
    }

    /** What both imports share: the file, the rules directory, the name, and how the draft is checked and written. */
    abstract static class Importing implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "the JSON or JSON-LD document to import")
        Path file;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "rules",
                description = "the rules directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--name", paramLabel = "NAME",
                description = "the new files' name in kebab case (default: from FILE's name)")
        String name;

        @Spec
        CommandLine.Model.CommandSpec spec;

        /** Reads the document into the draft. */
        abstract void read(JsonNode doc, RulesDraft draft) throws NotImportable;

        abstract String format();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Ruleset ruleset = Cli.load(dir, out);
            if (ruleset == null) {
                out.println("fix these first: files are only imported into rules that validate");
                return 1;
            }
            JsonNode doc;
            try {
                doc = new ObjectMapper().readTree(file.toFile());
            } catch (IOException e) {
                out.println("pathways import: " + file + " is not readable JSON: " + e.getMessage());
                return 1;
            }
            String base = name != null ? name : file.getFileName().toString().replaceFirst("\\.[^.]*$", "")
                    .replaceFirst("\\.json$", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                    .replaceAll("^-+|-+$", "");
            Map<String, Double> hours = new HashMap<>();
            for (CreditFramework f : ruleset.credit().frameworks().values()) {
                // A framework with a range of hours per credit (ECTS: 25 to 30) sizes by its lower bound.
                if (f.hoursPerCredit() != null) {
                    hours.put(f.code(), f.hoursPerCredit());
                } else if (f.hoursPerCreditRange() != null) {
                    hours.put(f.code(), f.hoursPerCreditRange().min());
                }
            }
            RulesDraft draft;
            try {
                draft = new RulesDraft(base, title(doc, base), format() + " " + file.getFileName(), hours,
                        ruleset.catalog());
            } catch (IllegalArgumentException e) {
                out.println("pathways import: " + e.getMessage() + "; name the files with --name");
                return 1;
            }
            try {
                read(doc, draft);
            } catch (NotImportable e) {
                out.println("pathways import: " + file + ": " + e.getMessage() + "; nothing was written");
                return 1;
            }
            RulesDraft.Files files = draft.render();
            for (String path : files.byPath().keySet()) {
                if (Files.exists(dir.resolve(path))) {
                    out.println("pathways import: " + dir.resolve(path) + " exists; nothing was written (import"
                            + " under another --name)");
                    return 1;
                }
            }
            if (!checked(files, out)) {
                return 1;
            }
            for (Map.Entry<String, String> f : files.byPath().entrySet()) {
                Path target = dir.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
                out.println("created " + target);
            }
            out.println("imported " + draft.credentialCodes().size() + " credential"
                    + (draft.credentialCodes().size() == 1 ? "" : "s") + " and " + draft.qualificationCodes().size()
                    + " qualification" + (draft.qualificationCodes().size() == 1 ? "" : "s")
                    + (draft.qualificationCodes().isEmpty() ? "" : " (" + String.join(", ",
                    draft.qualificationCodes()) + ")"));
            if (draft.notes().isEmpty()) {
                out.println("report: everything was mapped; nothing was filled in");
            } else {
                out.println("report: " + draft.notes().size() + " item" + (draft.notes().size() == 1 ? "" : "s")
                        + " to review");
                draft.notes().forEach(n -> out.println("  " + n));
            }
            out.println("Next: review the report and the TODO lines (./pathways validate " + dir + " lists them),"
                    + " then replace the REVIEW scenarios with real learners (./pathways test " + dir + ").");
            return 0;
        }

        private static String title(JsonNode doc, String fallback) {
            String t = CtdlImport.title(doc);
            if (t == null) {
                t = BadgePathwayImport.title(doc);
            }
            return t != null ? t : fallback;
        }

        /**
         * Loads a copy of the rules directory with the new files and runs their scenarios: a draft that would not
         * load, or whose own learners do not get what it says, is not written.
         */
        private boolean checked(RulesDraft.Files files, PrintWriter out) throws IOException {
            Path copy = Files.createTempDirectory("pathways-import");
            try {
                copyTree(dir, copy);
                for (Map.Entry<String, String> f : files.byPath().entrySet()) {
                    Path target = copy.resolve(f.getKey());
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
                }
                RulesetLoader.Outcome outcome = new RulesetLoader(Cli.class.getClassLoader()).load(copy);
                if (!outcome.ok()) {
                    out.println("pathways import: the imported files would not load, so nothing was written:");
                    outcome.problems().forEach(p -> out.println("  " + p.toString().replace(copy.toString(),
                            dir.toString())));
                    return false;
                }
                ScenarioRunner.Report report = new ScenarioRunner().run(outcome.ruleset());
                var failed = report.results().stream().filter(r -> !r.passed()).toList();
                if (!failed.isEmpty()) {
                    out.println("pathways import: with the imported files, these scenarios do not pass (the drafted"
                            + " REVIEW ones, or the directory's own that the new entries change), so nothing was"
                            + " written:");
                    failed.forEach(r -> out.println("  " + r.name() + ": " + String.join("; ", r.failures())));
                    // What the rules said for each, so the report shows which requirement the draft misread.
                    for (ScenarioRunner.ScenarioLearner learner : ScenarioRunner.learners(outcome.ruleset())) {
                        if (failed.stream().anyMatch(r -> learner.name().equals(r.file() + ":" + r.line() + " "
                                + r.name()))) {
                            out.println(EvaluationText.render(new org.pathwayengine.evaluation.Evaluator(
                                    java.time.Clock.systemUTC()).evaluate(outcome.ruleset(), learner.request()))
                                    .indent(4));
                        }
                    }
                    return false;
                }
                return true;
            } finally {
                try (Stream<Path> walk = Files.walk(copy)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }

        private static void copyTree(Path from, Path to) throws IOException {
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
        }
    }

    @Command(name = "ctdl", mixinStandardHelpOptions = true,
            description = "Import a CTDL pathway (JSON-LD with ceterms:Pathway, its components and conditions).")
    static final class Ctdl extends Importing {

        @Override
        void read(JsonNode doc, RulesDraft draft) throws NotImportable {
            new CtdlImport(draft).read(doc);
        }

        @Override
        String format() {
            return "CTDL pathway";
        }
    }

    @Command(name = "badge-pathway", mixinStandardHelpOptions = true,
            description = "Import a badge pathway (Badgr / Canvas Credentials elements and junctions) with the"
                    + " achievement definitions it names, or only achievement definitions (as catalog entries).")
    static final class BadgePathway extends Importing {

        @Option(names = "--credit-framework", paramLabel = "CODE", defaultValue = "CQFW",
                description = "the framework Open Badges creditsAvailable is read in (default: ${DEFAULT-VALUE})")
        String creditFramework;

        @Override
        void read(JsonNode doc, RulesDraft draft) throws NotImportable {
            new BadgePathwayImport(draft, creditFramework).read(doc);
        }

        @Override
        String format() {
            return "badge pathway";
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Print a qualification's pathway in another format.", subcommands = {ExportCtdl.class})
    static final class Export extends Cli.Grouping {

        Export() {
            super("say which format: export ctdl CODE");
        }
    }

    @Command(name = "ctdl", mixinStandardHelpOptions = true,
            description = "Print a qualification's pathway as CTDL JSON-LD, as GET /api/v1/qualifications/{code}"
                    + " answers it with Accept: application/ld+json.")
    static final class ExportCtdl implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "CODE", description = "the qualification")
        String code;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "rules",
                description = "the rules directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Ruleset ruleset = Cli.load(dir, out);
            if (ruleset == null) {
                return 1;
            }
            Optional<CtdlExport.Document> doc = CtdlExport.of(ruleset, code);
            if (doc.isEmpty()) {
                out.println("no qualification " + code + " with a pathway in " + dir + "; those with pathways are "
                        + String.join(", ", ruleset.awards().keySet()));
                return 1;
            }
            out.println(Cli.JSON.writeValueAsString(doc.get().jsonLd()));
            doc.get().notes().forEach(n -> spec.commandLine().getErr().println("note: " + n));
            return 0;
        }
    }
}
