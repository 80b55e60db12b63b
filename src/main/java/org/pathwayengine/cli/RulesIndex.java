package org.pathwayengine.cli;

import org.pathwayengine.model.Award;
import org.pathwayengine.model.RuleInfo;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The index in a rules directory's README.md: a "### Pathways" table (file, qualifications, what it is) and a
 * "### Rule ids" table (id, file, what it decides). {@code validate} and a test compare it with the rules, and
 * {@code new} adds rows, so the designers' documentation never drifts from the files.
 */
final class RulesIndex {

    static final String README = "README.md";
    static final String PATHWAYS = "### Pathways";
    static final String RULES = "### Rule ids";

    /** A row of a table: its 1-based line in the README and its cells, without Markdown code quotes. */
    private record Row(int line, List<String> cells) {
    }

    /** A table under a heading: the line of its heading, its rows, and the line after its last row. */
    private record Table(int heading, List<Row> rows, int end) {
    }

    private RulesIndex() {
    }

    /** Where the index disagrees with the ruleset, as warnings at README lines; none when there is no index. */
    static List<RuleProblem> check(Path dir, Ruleset ruleset) throws IOException {
        Path readme = dir.resolve(README);
        if (!Files.isRegularFile(readme)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        Optional<Table> pathways = table(lines, PATHWAYS);
        Optional<Table> rules = table(lines, RULES);
        if (pathways.isEmpty() && rules.isEmpty()) {
            return List.of();
        }
        List<RuleProblem> problems = new ArrayList<>();
        if (pathways.isEmpty() || rules.isEmpty()) {
            problems.add(warning(0, "the index needs both a '" + PATHWAYS + "' and a '" + RULES + "' table"));
            return problems;
        }
        checkPathways(pathways.get(), qualificationsByFile(ruleset), problems);
        checkRules(rules.get(), ruleset, problems);
        return problems;
    }

    private static void checkPathways(Table table, Map<String, List<String>> actual, List<RuleProblem> problems) {
        Map<String, Row> listed = new LinkedHashMap<>();
        table.rows().forEach(r -> listed.put(r.cells().get(0), r));
        actual.forEach((file, codes) -> {
            Row row = listed.get(file);
            if (row == null) {
                problems.add(warning(table.heading(), "the index does not list the pathway file " + file
                        + ": add a row under " + PATHWAYS));
            } else {
                List<String> written = row.cells().size() > 1 ? codes(row.cells().get(1)) : List.of();
                if (!written.equals(codes)) {
                    problems.add(warning(row.line(), "the index gives " + file + " the qualifications " + written
                            + " but it defines " + codes));
                }
            }
        });
        listed.forEach((file, row) -> {
            if (!actual.containsKey(file)) {
                problems.add(warning(row.line(), "the index lists the pathway file " + file
                        + ", which is not a pathway file of these rules: remove the row or fix the path"));
            }
        });
    }

    private static void checkRules(Table table, Ruleset ruleset, List<RuleProblem> problems) {
        Map<String, Row> listed = new LinkedHashMap<>();
        table.rows().forEach(r -> listed.put(r.cells().get(0), r));
        Map<String, RuleInfo> actual = new LinkedHashMap<>();
        ruleset.rules().stream().filter(r -> !r.file().startsWith("engine/")).forEach(r -> actual.put(r.id(), r));
        actual.forEach((id, rule) -> {
            Row row = listed.get(id);
            if (row == null) {
                problems.add(warning(table.heading(), "the index does not list the rule id " + id + " ("
                        + rule.file() + ":" + rule.line() + "): add a row under " + RULES));
            } else if (row.cells().size() < 2 || !row.cells().get(1).equals(rule.file())) {
                problems.add(warning(row.line(), "the index puts " + id + " in "
                        + (row.cells().size() < 2 ? "no file" : row.cells().get(1)) + " but it is in " + rule.file()));
            }
        });
        listed.forEach((id, row) -> {
            if (!actual.containsKey(id)) {
                problems.add(warning(row.line(), "the index lists the rule id " + id
                        + ", which no policy file defines: remove the row or fix the id"));
            }
        });
    }

    /** Pathway file to the qualifications it defines, in file order. */
    private static Map<String, List<String>> qualificationsByFile(Ruleset ruleset) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        ruleset.files().stream().filter(f -> "Pathway".equals(f.kind()))
                .forEach(f -> out.put(f.path(), new ArrayList<>()));
        for (Award award : ruleset.awards().values()) {
            String file = award.source().substring(0, award.source().lastIndexOf(':'));
            out.computeIfAbsent(file, k -> new ArrayList<>()).add(award.qualification().code());
        }
        return out;
    }

    /** Adds a row to the pathways table; false when the README has no index. */
    static boolean addPathway(Path readme, String file, List<String> qualifications, String what)
            throws IOException {
        List<String> codes = qualifications.stream().map(c -> "`" + c + "`").toList();
        return addRow(readme, PATHWAYS, "| `" + file + "` | " + String.join(", ", codes) + " | " + what + " |");
    }

    /** Adds a row to the rule ids table; false when the README has no index. */
    static boolean addRule(Path readme, String id, String file, String what) throws IOException {
        return addRow(readme, RULES, "| `" + id + "` | `" + file + "` | " + what + " |");
    }

    private static boolean addRow(Path readme, String heading, String row) throws IOException {
        if (!Files.isRegularFile(readme)) {
            return false;
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(readme, StandardCharsets.UTF_8));
        Optional<Table> table = table(lines, heading);
        if (table.isEmpty()) {
            return false;
        }
        lines.add(table.get().end() - 1, row);
        Files.writeString(readme, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return true;
    }

    /** The Markdown table that follows a heading: a header row, a separator row, then rows until a non-row. */
    private static Optional<Table> table(List<String> lines, String heading) {
        int h = lines.indexOf(heading);
        if (h < 0) {
            return Optional.empty();
        }
        int i = h + 1;
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            if (lines.get(i).startsWith("#")) {
                return Optional.empty();
            }
            i++;
        }
        if (i >= lines.size()) {
            return Optional.empty();
        }
        i += 2;
        List<Row> rows = new ArrayList<>();
        while (i < lines.size() && lines.get(i).startsWith("|")) {
            rows.add(new Row(i + 1, cells(lines.get(i))));
            i++;
        }
        return Optional.of(new Table(h + 1, rows, i + 1));
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        List<String> out = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            out.add(cell.strip().replace("`", ""));
        }
        return out;
    }

    private static List<String> codes(String cell) {
        List<String> out = new ArrayList<>();
        for (String code : cell.split(",")) {
            if (!code.isBlank()) {
                out.add(code.strip());
            }
        }
        return out;
    }

    private static RuleProblem warning(int line, String message) {
        return RuleProblem.warning(README, line, message);
    }
}
