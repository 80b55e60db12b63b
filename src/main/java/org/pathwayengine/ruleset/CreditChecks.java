package org.pathwayengine.ruleset;

import com.fasterxml.jackson.databind.JsonNode;
import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.credit.Conversion;
import org.pathwayengine.credit.CreditFramework;
import org.pathwayengine.credit.CreditFrameworksFile;
import org.pathwayengine.credit.CreditModel;
import org.pathwayengine.credit.LevelScheme;
import org.pathwayengine.credit.RecognitionFile;
import org.pathwayengine.model.RuleProblem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks the credit side of a ruleset (frameworks, conversions, recognition tables) and the catalog's
 * references into it (credit frameworks, prerequisites), reporting each problem at its file and line.
 */
final class CreditChecks {

    private CreditChecks() {
    }

    static CreditModel frameworks(Map<String, YamlDocument> docs, List<RuleProblem> problems) {
        Map<String, CreditFramework> frameworks = new LinkedHashMap<>();
        List<Conversion> conversions = new ArrayList<>();
        List<Map<String, Integer>> levelMap = new ArrayList<>();
        Map<String, LevelScheme> schemes = new LinkedHashMap<>();
        Map<String, String> conversionIds = new HashMap<>();
        List<Object[]> pending = new ArrayList<>();
        for (YamlDocument doc : docs.values()) {
            CreditFrameworksFile file = RulesetLoader.bind(doc, CreditFrameworksFile.class, problems).orElse(null);
            if (file == null) {
                continue;
            }
            for (int i = 0; i < file.frameworks().size(); i++) {
                CreditFramework f = file.frameworks().get(i);
                if (frameworks.putIfAbsent(f.code(), f) != null) {
                    error(problems, doc, "$.frameworks[" + i + "]", "framework '" + f.code() + "' is declared twice");
                }
                if (f.hoursPerCreditRange() != null && f.hoursPerCreditRange().min() > f.hoursPerCreditRange().max()) {
                    error(problems, doc, "$.frameworks[" + i + "].hoursPerCreditRange", "min is above max");
                }
            }
            for (int i = 0; i < file.conversions().size(); i++) {
                Conversion c = file.conversions().get(i);
                String earlier = conversionIds.putIfAbsent(c.id(), doc.file() + ":" + doc.line("$.conversions[" + i + "]"));
                if (earlier != null) {
                    error(problems, doc, "$.conversions[" + i + "].id", "conversion id '" + c.id()
                            + "' is already used at " + earlier);
                }
                if (c.effectiveTo() != null && c.effectiveTo().isBefore(c.effectiveFrom())) {
                    error(problems, doc, "$.conversions[" + i + "].effectiveTo", "is before effectiveFrom");
                }
                conversions.add(c);
                pending.add(new Object[] {doc, "$.conversions[" + i + "]", c});
            }
            for (int i = 0; i < file.levelSchemes().size(); i++) {
                LevelScheme scheme = file.levelSchemes().get(i);
                if (schemes.putIfAbsent(scheme.code(), scheme) != null) {
                    error(problems, doc, "$.levelSchemes[" + i + "]", "level scheme '" + scheme.code()
                            + "' is declared twice");
                }
                if (scheme.min() > scheme.max()) {
                    error(problems, doc, "$.levelSchemes[" + i + "].max", "max " + scheme.max() + " is below min "
                            + scheme.min());
                }
            }
            for (int i = 0; i < file.levelMap().size(); i++) {
                for (Map.Entry<String, Integer> cell : file.levelMap().get(i).entrySet()) {
                    LevelScheme scheme = schemes.get(cell.getKey());
                    if (scheme != null && !scheme.has(cell.getValue())) {
                        error(problems, doc, "$.levelMap[" + i + "]." + cell.getKey(), "level " + cell.getValue()
                                + " is not a " + cell.getKey() + " level (" + scheme.describe() + ")");
                    }
                }
            }
            levelMap.addAll(file.levelMap());
        }
        for (Object[] p : pending) {
            Conversion c = (Conversion) p[2];
            for (String side : List.of(c.from(), c.to())) {
                if (!frameworks.containsKey(side)) {
                    error(problems, (YamlDocument) p[0], p[1] + (side.equals(c.from()) ? ".from" : ".to"),
                            "unknown credit framework '" + side + "'");
                }
            }
        }
        return new CreditModel(frameworks, conversions, schemes, levelMap);
    }

    static Map<String, RecognitionFile> recognition(Map<String, YamlDocument> docs, Catalog catalog, CreditModel credit,
                                                    List<RuleProblem> problems) {
        Map<String, RecognitionFile> out = new LinkedHashMap<>();
        Map<String, String> ruleIds = new HashMap<>();
        for (YamlDocument doc : docs.values()) {
            RecognitionFile file = RulesetLoader.bind(doc, RecognitionFile.class, problems).orElse(null);
            if (file == null) {
                continue;
            }
            if (!catalog.issuers().containsKey(file.institution())) {
                error(problems, doc, "$.institution", "unknown institution '" + file.institution()
                        + "': add it under issuers in a catalog file");
            } else if (out.putIfAbsent(file.institution(), file) != null) {
                error(problems, doc, "$.institution", "institution '" + file.institution()
                        + "' already has a recognition table; keep one table per institution");
            }
            for (int i = 0; i < file.rules().size(); i++) {
                RecognitionFile.Rule r = file.rules().get(i);
                String path = "$.rules[" + i + "]";
                String earlier = ruleIds.putIfAbsent(r.id(), doc.file() + ":" + doc.line(path));
                if (earlier != null) {
                    error(problems, doc, path + ".id", "recognition id '" + r.id() + "' is already used at " + earlier);
                }
                for (int j = 0; j < r.credentials().size(); j++) {
                    if (catalog.microcredential(r.credentials().get(j)).isEmpty()) {
                        error(problems, doc, path + ".credentials[" + j + "]", "unknown credential '"
                                + r.credentials().get(j) + "'");
                    }
                }
                if ("recognised".equals(r.outcome()) && r.credit() == null) {
                    error(problems, doc, path, "a recognised outcome needs 'credit' (framework, credits, level)");
                }
                if (r.credit() != null && credit.declared() && !credit.frameworks().containsKey(r.credit().framework())) {
                    error(problems, doc, path + ".credit.framework", "unknown credit framework '"
                            + r.credit().framework() + "'");
                }
                if (r.when() != null && r.when().minGrade() != null && !file.grades().contains(r.when().minGrade())) {
                    error(problems, doc, path + ".when.minGrade", "grade '" + r.when().minGrade()
                            + "' is not in this table's grades " + file.grades());
                }
                if (r.validFrom() != null && r.validTo() != null && r.validTo().isBefore(r.validFrom())) {
                    error(problems, doc, path + ".validTo", "is before validFrom");
                }
            }
        }
        return out;
    }

    /** Catalog references into the credit model and between credentials: frameworks, prerequisites, cycles. */
    static void catalog(Map<String, YamlDocument> docs, Catalog catalog, CreditModel credit,
                        List<RuleProblem> problems) {
        Map<String, List<String>> requires = new LinkedHashMap<>();
        Map<String, String[]> where = new HashMap<>();
        // Codes written in any catalog entry, even one that failed its schema, so one typo is one error.
        Set<String> declared = new HashSet<>();
        docs.values().forEach(doc -> List.of("microcredentials", "qualifications").forEach(section ->
                doc.root().path(section).forEach(n -> declared.add(n.path("code").asText()))));
        for (YamlDocument doc : docs.values()) {
            for (String section : List.of("microcredentials", "qualifications")) {
                JsonNode list = doc.root().path(section);
                for (int i = 0; i < list.size(); i++) {
                    JsonNode item = list.get(i);
                    String path = "$." + section + "[" + i + "]";
                    String code = item.path("code").asText();
                    String framework = item.path("credit").path("framework").asText(null);
                    if (framework != null && credit.declared() && !credit.frameworks().containsKey(framework)) {
                        error(problems, doc, path + ".credit.framework", "unknown credit framework '" + framework
                                + "': declare it in a CreditFrameworks file");
                    }
                    LevelScheme scheme = credit.levelSchemeOf(framework);
                    JsonNode level = item.path("credit").path("level");
                    if (scheme != null && level.asText().matches("-?\\d+") && !scheme.has(level.asInt())) {
                        error(problems, doc, path + ".credit.level", "level " + level.asInt() + " is not a "
                                + scheme.code() + " level (" + scheme.describe() + "), the levels of " + framework);
                    }
                    String awardedBy = item.path("awardedBy").asText(null);
                    if (awardedBy != null && !catalog.issuers().containsKey(awardedBy)) {
                        error(problems, doc, path + ".awardedBy", "unknown issuer '" + awardedBy + "'");
                    }
                    List<String> names = new ArrayList<>();
                    JsonNode pre = item.path("prerequisites");
                    for (String key : List.of("allOf", "from")) {
                        JsonNode codes = pre.path(key);
                        for (int j = 0; j < codes.size(); j++) {
                            String c = codes.get(j).asText();
                            names.add(c);
                            if (!declared.contains(c)) {
                                error(problems, doc, path + ".prerequisites." + key + "[" + j + "]",
                                        "unknown prerequisite '" + c + "'");
                            }
                        }
                    }
                    if (pre.has("choose") != pre.has("from")) {
                        error(problems, doc, path + ".prerequisites", "'choose' (how many) and 'from' go together");
                    } else if (pre.has("choose") && pre.path("choose").asInt() > pre.path("from").size()) {
                        error(problems, doc, path + ".prerequisites.choose", "choose " + pre.path("choose").asInt()
                                + " but 'from' lists only " + pre.path("from").size());
                    }
                    JsonNode recommends = item.path("recommends");
                    for (int j = 0; j < recommends.size(); j++) {
                        if (!declared.contains(recommends.get(j).asText())) {
                            error(problems, doc, path + ".recommends[" + j + "]", "unknown credential '"
                                    + recommends.get(j).asText() + "'");
                        }
                    }
                    requires.put(code, names);
                    where.put(code, new String[] {doc.file(), String.valueOf(doc.line(path + ".prerequisites"))});
                }
            }
        }
        cycles(requires, where, problems);
    }

    private static void cycles(Map<String, List<String>> requires, Map<String, String[]> where,
                               List<RuleProblem> problems) {
        Set<String> done = new HashSet<>();
        Set<String> reported = new HashSet<>();
        for (String start : requires.keySet()) {
            walk(start, new ArrayList<>(), requires, done, where, problems, reported);
        }
    }

    private static void walk(String code, List<String> stack, Map<String, List<String>> requires, Set<String> done,
                             Map<String, String[]> where, List<RuleProblem> problems, Set<String> reported) {
        int at = stack.indexOf(code);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(stack.subList(at, stack.size()));
            cycle.add(code);
            String first = cycle.get(0);
            if (reported.add(new java.util.TreeSet<>(cycle).toString())) {
                String[] w = where.getOrDefault(first, new String[] {"(catalog)", "0"});
                problems.add(RuleProblem.error(w[0], Integer.parseInt(w[1]), "prerequisites form a cycle: "
                        + String.join(" requires ", cycle)));
            }
            return;
        }
        if (done.contains(code)) {
            return;
        }
        stack.add(code);
        for (String next : requires.getOrDefault(code, List.of())) {
            walk(next, stack, requires, done, where, problems, reported);
        }
        stack.remove(stack.size() - 1);
        done.add(code);
    }

    private static void error(List<RuleProblem> problems, YamlDocument doc, String path, String message) {
        problems.add(RuleProblem.error(doc.file(), doc.line(path), message));
    }
}
