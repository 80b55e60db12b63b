import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A larger catalog for benchmarks: a copy of a rules directory whose catalog and pathway files are repeated COPIES
 * times under new names. Copy k (2..COPIES) renames every code the files define (microcredentials, qualifications,
 * competency areas, issuers, grade scales, named groups, pathway ids) with the suffix "-Rk", so each copy is its own
 * family of institutions, subjects and qualifications, as the programmes of many institutions would be. Recognition
 * and scenario files are repeated with them (renamed the same way, less the scenarios that expect next steps, see
 * withoutPlans); credit frameworks, the credential intake (one per ruleset) and policies are shared.
 *
 * <pre>java bench/Replicate.java rules 50 /tmp/rules-x50</pre>
 *
 * The sample (36 credentials, 5 qualifications in its catalog, 4 with pathways) becomes 1,800 credentials and 200
 * planned qualifications at x50.
 */
public class Replicate {

    private static final Pattern LIST_ITEM = Pattern.compile("^  - (?:code|id): *([A-Za-z0-9_.-]+)\\s*$");
    private static final Pattern PATHWAY_ID = Pattern.compile("^id: *([A-Za-z0-9_.-]+)\\s*$");
    private static final Pattern ISSUER = Pattern.compile("^  - \\{ *id: *([A-Za-z0-9_.-]+) *,.*$");

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java bench/Replicate.java RULES_DIR COPIES OUT_DIR");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        int copies = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        if (Files.exists(out)) {
            System.err.println(out + " exists: choose a new directory");
            System.exit(2);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> repeated = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Path file : files) {
            Path rel = source.relativize(file);
            Path target = out.resolve(rel);
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
            String name = file.getFileName().toString();
            String folder = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
            boolean shared = folder.equals("policies") || name.startsWith("frameworks.")
                    || Files.readString(file).contains("kind: CreditFrameworks")
                    || Files.readString(file).contains("kind: CredentialIntake");
            if (name.endsWith(".yaml") && !shared && !name.equals("README.md")) {
                repeated.add(file);
                for (String line : Files.readAllLines(file)) {
                    Matcher item = LIST_ITEM.matcher(line);
                    Matcher id = PATHWAY_ID.matcher(line);
                    Matcher issuer = ISSUER.matcher(line);
                    if (issuer.matches()) {
                        names.add(issuer.group(1));
                    }
                    if (item.matches()) {
                        names.add(item.group(1));
                    } else if (id.matches()) {
                        names.add(id.group(1));
                    }
                }
            }
        }
        Pattern defined = Pattern.compile("(?<![A-Za-z0-9_.-])("
                + String.join("|", names.stream().map(Pattern::quote).toList()) + ")(?![A-Za-z0-9_-])");
        for (Path file : repeated) {
            String text = file.getFileName().toString().endsWith(".scenarios.yaml")
                    ? withoutPlans(Files.readAllLines(file)) : Files.readString(file);
            Path rel = source.relativize(file);
            String base = rel.getFileName().toString().replaceFirst("\\.yaml$", "");
            for (int k = 2; k <= copies; k++) {
                String suffix = "-R" + k;
                String copy = defined.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + suffix));
                int dot = base.indexOf('.');
                String stem = dot < 0 ? base : base.substring(0, dot);
                String kind = dot < 0 ? "" : base.substring(dot);
                Files.writeString(out.resolve(rel).resolveSibling(stem + suffix + kind + ".yaml"), copy);
            }
        }
        System.out.printf("%s: %d files repeated %d times, %d names renamed per copy%n", out, repeated.size(), copies,
                names.size());
    }

    /**
     * A scenarios file without the scenarios that expect next steps: in a copy, an unfiltered requirement ("40
     * credits at level 5") may be met as cheaply by another family's credential, and ties go to the first code.
     */
    private static String withoutPlans(List<String> lines) {
        StringBuilder text = new StringBuilder();
        List<String> scenario = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("- ")) {
                flush(scenario, text);
            }
            scenario.add(line);
        }
        flush(scenario, text);
        return text.toString();
    }

    private static void flush(List<String> scenario, StringBuilder text) {
        boolean plans = scenario.stream().anyMatch(l -> l.trim().startsWith("nextSteps:"));
        if (!plans || !scenario.get(0).startsWith("- ")) {
            scenario.forEach(l -> text.append(l).append('\n'));
        }
        scenario.clear();
    }
}
