package org.pathwayengine.ruleset;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.pathwayengine.model.RuleInfo;
import org.pathwayengine.model.RuleProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles the engine's rules and the designers' DRL policies into one KieBase, turning Drools messages into
 * file:line problems and checking that every policy rule carries an {@code @id} and {@code @description}.
 */
final class DrlCompiler {

    /** Compiled rules and what the compiler found. */
    record Result(KieBase kieBase, List<RuleInfo> rules, List<RuleProblem> problems) {
    }

    static final String ENGINE_PREFIX = "engine/";
    private static final String RESOURCE_ROOT = "src/main/resources/";
    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");
    private static final Pattern FUNCTION_HEADER = Pattern.compile("^\\s*function\\s+[\\w.<>\\[\\], ]+?\\s+(\\w+)\\s*\\(");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)");
    private static final AtomicLong BUILDS = new AtomicLong();
    /** Deepest bracket nesting a policy may use; real rules nest a handful of levels. */
    static final int MAX_NESTING = 50;
    /**
     * Drools' KieProject logs every failed build at ERROR, repeating the messages this class turns into file:line
     * problems for the designer; a broken candidate ruleset is an expected outcome, not a service error. Held here
     * because the logging framework keeps only weak references to configured loggers.
     */
    private static final java.util.logging.Logger KIE_PROJECT_LOG = quiet("org.drools.compiler.kie.builder.impl.KieProject");

    private DrlCompiler() {
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.OFF);
        return logger;
    }

    /**
     * @param sources DRL text by path; paths starting with {@value #ENGINE_PREFIX} are the engine's own
     * @param loader  the application classloader, which must see the fact classes (Drools may run on any thread)
     */
    static Result compile(Map<String, String> sources, ClassLoader loader) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("org.pathwayengine.rules", "ruleset",
                "1.0." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(releaseId);
        Map<String, String> originalByResource = new LinkedHashMap<>();
        sources.forEach((path, text) -> {
            String resource = resourcePath(path, text, originalByResource.keySet());
            originalByResource.put(resource, path);
            kfs.write(resource, text);
        });
        List<RuleProblem> problems = new ArrayList<>();
        sources.forEach((path, text) -> tooDeep(path, text).ifPresent(problems::add));
        if (!problems.isEmpty()) {
            return new Result(null, List.of(), problems);
        }
        KieBuilder builder = ks.newKieBuilder(kfs, loader);
        try {
            builder.buildAll();
        } catch (RuntimeException | StackOverflowError e) {
            problems.add(RuleProblem.error("(rules)", 0, "the rules could not be compiled: " + e));
            return new Result(null, List.of(), problems);
        }
        for (Message m : builder.getResults().getMessages()) {
            String path = m.getPath() == null ? "(rules)"
                    : originalByResource.getOrDefault(m.getPath(), m.getPath().replaceFirst("^" + RESOURCE_ROOT, ""));
            String text = plain(m.getText());
            if (m.getLevel() == Message.Level.ERROR) {
                problems.add(RuleProblem.error(path, Math.max(m.getLine(), 0), text));
            } else if (m.getLevel() == Message.Level.WARNING) {
                problems.add(RuleProblem.warning(path, Math.max(m.getLine(), 0), text));
            }
        }
        if (problems.stream().anyMatch(p -> p.severity() == RuleProblem.Severity.ERROR)) {
            ks.getRepository().removeKieModule(releaseId);
            return new Result(null, List.of(), problems);
        }
        KieContainer container = ks.newKieContainer(releaseId, loader);
        KieBase kieBase = container.getKieBase();
        // The compiled KieBase lives on in the snapshot; the repository entry would only pin old rulesets in memory.
        ks.getRepository().removeKieModule(releaseId);
        // Before any rule can run: what the policies compiled to must stay inside the allow-list.
        Map<String, String[]> headers = ruleHeaders(sources);
        List<RuleProblem> unsafe = RuleSandbox.check(kieBase,
                name -> headers.getOrDefault(name, new String[] {"(rules)", "0"}), sources);
        if (!unsafe.isEmpty()) {
            problems.addAll(unsafe);
            return new Result(null, List.of(), problems);
        }
        List<RuleInfo> rules = describe(kieBase, headers, problems);
        return new Result(kieBase, rules, problems);
    }

    /**
     * Brackets nested deeper than any real rule needs: the DRL parser descends once per level and would run out of
     * stack (a 40 KB condition of nested parentheses did), so such a file is refused before it is parsed.
     */
    static Optional<RuleProblem> tooDeep(String path, String text) {
        int depth = 0;
        int line = 1;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '/' && text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = (end < 0 ? text.length() : end) - 1;
            } else if (c == '/' && text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                int stop = end < 0 ? text.length() : end + 1;
                line += (int) text.substring(i, stop).chars().filter(ch -> ch == '\n').count();
                i = stop;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                if (++depth > MAX_NESTING) {
                    return Optional.of(RuleProblem.error(path, line, "brackets are nested more than "
                            + MAX_NESTING + " levels deep; split the condition or the expression"));
                }
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            }
        }
        return Optional.empty();
    }

    /**
     * Where a source goes in the compiler's file system: under the folder of the package it declares, which Drools
     * expects (and warns about otherwise). Rule directories mounted from a Kubernetes ConfigMap are flat
     * ({@code policies--recency.drl}), so the folder a designer chose cannot be relied on.
     */
    static String resourcePath(String path, String text, java.util.Set<String> taken) {
        Matcher m = PACKAGE.matcher(text);
        String folder = m.find() ? m.group(1).replace('.', '/') + "/" : "";
        int slash = path.lastIndexOf('/');
        String resource = RESOURCE_ROOT + folder + path.substring(slash + 1);
        if (path.startsWith(folder) && path.indexOf('/', folder.length()) < 0) {
            resource = RESOURCE_ROOT + path;
        }
        String unique = resource;
        for (int n = 2; taken.contains(unique); n++) {
            unique = resource.replaceFirst("(\\.drl)?$", "-" + n + "$1");
        }
        return unique;
    }

    private static List<RuleInfo> describe(KieBase kieBase, Map<String, String[]> headers, List<RuleProblem> problems) {
        Map<String, RuleInfo> byId = new LinkedHashMap<>();
        List<RuleInfo> out = new ArrayList<>();
        kieBase.getKiePackages().stream()
                .flatMap(p -> p.getRules().stream())
                .map(rule -> info(rule, headers))
                .sorted(java.util.Comparator.comparing(RuleInfo::file).thenComparingInt(RuleInfo::line))
                .forEach(info -> {
                    boolean engine = info.file().startsWith(ENGINE_PREFIX);
                    if (info.id() == null) {
                        problems.add(RuleProblem.error(info.file(), info.line(), "rule \"" + info.name()
                                + "\" needs an @id(\"...\"): ids name rules in answers, logs and scenarios"));
                        return;
                    }
                    if (info.description() == null) {
                        problems.add(RuleProblem.error(info.file(), info.line(), "rule \"" + info.name()
                                + "\" needs a @description(\"...\") saying in words what it decides"));
                    }
                    if (!engine && info.id().startsWith("SYS-")) {
                        problems.add(RuleProblem.error(info.file(), info.line(), "rule id '" + info.id()
                                + "' starts with SYS-, which is kept for the engine's own rules"));
                    }
                    RuleInfo earlier = byId.putIfAbsent(info.id(), info);
                    if (earlier != null) {
                        problems.add(RuleProblem.error(info.file(), info.line(), "rule id '" + info.id()
                                + "' is already used at " + earlier.file() + ":" + earlier.line()));
                    }
                    out.add(info);
                });
        return out;
    }

    private static RuleInfo info(Rule rule, Map<String, String[]> headers) {
        Object id = rule.getMetaData().get("id");
        // Drools files @description under its own annotation type's name.
        Object description = rule.getMetaData().getOrDefault("description",
                rule.getMetaData().get(org.kie.api.definition.type.Description.class.getName()));
        String[] where = headers.getOrDefault(rule.getName(), new String[] {"(rules)", "0"});
        return new RuleInfo(id == null ? null : unquote(id.toString()), rule.getName(),
                description == null ? null : unquote(description.toString()), where[0], Integer.parseInt(where[1]));
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** Rule name to {file, line}, read from the sources because compiled rules do not keep their line. */
    private static Map<String, String[]> ruleHeaders(Map<String, String> sources) {
        Map<String, String[]> out = new LinkedHashMap<>();
        sources.forEach((path, text) -> {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = RULE_HEADER.matcher(lines[i]);
                if (m.find()) {
                    String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                    out.putIfAbsent(name, new String[] {path, String.valueOf(i + 1)});
                }
                Matcher f = FUNCTION_HEADER.matcher(lines[i]);
                if (f.find()) {
                    // Drools compiles a function into a class named after it with a capital first letter.
                    String name = f.group(1);
                    out.putIfAbsent(Character.toUpperCase(name.charAt(0)) + name.substring(1),
                            new String[] {path, String.valueOf(i + 1)});
                }
            }
        });
        return out;
    }

    /** Drools messages carry internal prefixes and stack fragments; keep the sentence a designer can act on. */
    private static String plain(String text) {
        String t = text == null ? "" : text.strip();
        int nl = t.indexOf('\n');
        if (nl > 0) {
            t = t.substring(0, nl).strip();
        }
        return t.replaceAll("^\\[ERR \\d+\\] ", "").replaceAll("^Rule Compilation error ", "");
    }
}
