package org.pathwayengine.cli;

import org.pathwayengine.model.Ruleset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scaffolds a new pathway or policy with its scenarios file and its row in the README index. The files validate
 * as written but decide nothing yet: each placeholder is marked TODO (which {@code validate} lists with file:line),
 * a placeholder requirement accepts no credential and a placeholder rule matches no held credential, so a half
 * written scaffold can never change an answer; its first scenario fails until the designer writes the real thing.
 */
final class Scaffold {

    /** What a scaffold created, for the designer to read. */
    record Created(List<Path> files, List<String> notes) {
    }

    /** A request the rules directory cannot take, said in words (nothing was written). */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final String TEMPLATE_ROOT = "/scaffold/";

    private final Path dir;
    private final Ruleset ruleset;

    /** @param ruleset the rules directory as it loads now, so that names and codes are not taken twice */
    Scaffold(Path dir, Ruleset ruleset) {
        this.dir = dir;
        this.ruleset = ruleset;
    }

    Created pathway(String name, String qualification) throws Refused, IOException {
        checkName(name);
        String code = qualification != null ? qualification : name.toUpperCase(java.util.Locale.ROOT);
        refuseExisting(Map.of("pathways/" + name + ".yaml", "", "pathways/" + name + ".scenarios.yaml", ""));
        if (ruleset.awards().containsKey(code)) {
            throw new Refused("qualification " + code + " already has requirements at "
                    + ruleset.awards().get(code).source() + "; name another with --qualification");
        }
        if (ruleset.awards().values().stream().anyMatch(p -> p.pathway().equals(name))) {
            throw new Refused("a pathway with id '" + name + "' exists already; choose another name");
        }
        Map<String, String> values = values(name);
        values.put("code", code);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pathways/" + name + ".yaml", "pathway.yaml.template");
        files.put("pathways/" + name + ".scenarios.yaml", "pathway.scenarios.yaml.template");
        boolean newQualification = ruleset.catalog().qualification(code).isEmpty();
        if (newQualification) {
            files.put("catalog/" + name + ".catalog.yaml", "catalog.yaml.template");
        }
        refuseExisting(files);
        Created created = write(files, values);
        if (newQualification) {
            created.notes().add("the qualification " + code + " is new: give it its title, type and level in catalog/"
                    + name + ".catalog.yaml");
        }
        index(created, RulesIndex.addPathway(dir.resolve(RulesIndex.README), "pathways/" + name + ".yaml",
                List.of(code), "TODO: what the pathway is"));
        return created;
    }

    Created policy(String name) throws Refused, IOException {
        checkName(name);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("policies/" + name + ".drl", "policy.drl.template");
        files.put("policies/" + name + ".scenarios.yaml", "policy.scenarios.yaml.template");
        refuseExisting(files);
        Map<String, String> values = values(name);
        String id = "POL-" + name.toUpperCase(java.util.Locale.ROOT) + "-001";
        if (ruleset.rules().stream().anyMatch(r -> r.id().equals(id))) {
            throw new Refused("the rule id " + id + " is taken already; choose another name");
        }
        values.put("id", id);
        Created created = write(files, values);
        index(created, RulesIndex.addRule(dir.resolve(RulesIndex.README), id, "policies/" + name + ".drl",
                "TODO: what it decides"));
        return created;
    }

    private void index(Created created, boolean added) {
        created.notes().add(added ? "added its row to the index in " + dir.resolve(RulesIndex.README)
                : "no index in " + dir.resolve(RulesIndex.README) + " to add it to");
    }

    private static void checkName(String name) throws Refused {
        if (!NAME.matcher(name).matches()) {
            throw new Refused("'" + name + "' is not a file name in kebab case, such as work-experience");
        }
    }

    private Map<String, String> values(String name) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("example", ruleset.catalog().microcredentials().keySet().stream().findFirst().orElse("TODO-CODE"));
        return values;
    }

    /** Nothing is written when any of the files exists already. */
    private void refuseExisting(Map<String, String> files) throws Refused {
        List<String> existing = files.keySet().stream().sorted().filter(f -> Files.exists(dir.resolve(f))).toList();
        if (!existing.isEmpty()) {
            throw new Refused("will not overwrite " + String.join(", ", existing.stream()
                    .map(f -> dir.resolve(f).toString()).toList()) + ": choose another name or remove it first");
        }
    }

    private Created write(Map<String, String> files, Map<String, String> values) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, fill(template(f.getValue()), values, target), StandardCharsets.UTF_8);
            written.add(target);
        }
        return new Created(written, new ArrayList<>());
    }

    private static String fill(String template, Map<String, String> values, Path target) {
        String text = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        return schemaLine(text, target);
    }

    /**
     * The first line points an editor at the file's JSON Schema when the schemas are found above the rules
     * directory (the project's layout); elsewhere the line is left out rather than pointing nowhere.
     */
    private static String schemaLine(String text, Path target) {
        if (!text.startsWith("# yaml-language-server: $schema={{schema:")) {
            return text;
        }
        int end = text.indexOf("}}");
        String schema = text.substring("# yaml-language-server: $schema={{schema:".length(), end);
        String rest = text.substring(text.indexOf('\n') + 1);
        Path folder = target.toAbsolutePath().normalize().getParent();
        for (Path p = folder; p != null; p = p.getParent()) {
            Path candidate = p.resolve("src/main/resources/schema/" + schema);
            if (Files.isRegularFile(candidate)) {
                return "# yaml-language-server: $schema=" + folder.relativize(candidate).toString().replace('\\', '/')
                        + "\n" + rest;
            }
        }
        return rest;
    }

    private static String template(String name) throws IOException {
        try (var in = Scaffold.class.getResourceAsStream(TEMPLATE_ROOT + name)) {
            if (in == null) {
                throw new IOException("the scaffold template " + name + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
