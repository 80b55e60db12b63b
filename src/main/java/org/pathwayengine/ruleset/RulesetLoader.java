package org.pathwayengine.ruleset;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.GradeScale;
import org.pathwayengine.catalog.CompetencyArea;
import org.pathwayengine.catalog.Issuer;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.catalog.QualificationEntry;
import org.pathwayengine.credit.CreditModel;
import org.pathwayengine.credit.RecognitionFile;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.CredentialIntake;
import org.pathwayengine.model.PathwayFile;
import org.pathwayengine.model.RuleFile;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads a rules directory, validates everything in it (schemas, references, cycles, DRL) and compiles it into a
 * {@link Ruleset}; or reports every problem found, each with file and line. Plain Java, so that the command line
 * and the tests use exactly what the service uses.
 */
public final class RulesetLoader {

    /**
     * A loaded ruleset, or the reasons there is none. Warnings come with either.
     *
     * @param version the content hash of the files read, also when they do not validate (so a rejected candidate
     *                can be named); null when the directory could not be read at all
     */
    public record Outcome(Ruleset ruleset, String version, List<RuleProblem> problems) {
        public boolean ok() {
            return ruleset != null;
        }

        public List<RuleProblem> errors() {
            return problems.stream().filter(p -> p.severity() == RuleProblem.Severity.ERROR).toList();
        }
    }

    static final long MAX_FILE_BYTES = 2L * 1024 * 1024;
    private static final String SCENARIOS_SUFFIX = ".scenarios.yaml";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final ClassLoader classLoader;

    public RulesetLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    public Outcome load(Path directory) {
        List<RuleProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            problems.add(RuleProblem.error(directory.toString(), 0, "the rules directory does not exist"));
            return new Outcome(null, null, problems);
        }
        Map<String, byte[]> raw = snapshot(directory, problems);
        String version = version(raw, problems);
        Map<String, String> texts = new TreeMap<>();
        List<RuleFile> files = new ArrayList<>();
        decode(raw, texts, files, problems);

        Map<String, YamlDocument> catalogs = new LinkedHashMap<>();
        Map<String, YamlDocument> pathways = new LinkedHashMap<>();
        Map<String, YamlDocument> frameworks = new LinkedHashMap<>();
        Map<String, YamlDocument> recognitions = new LinkedHashMap<>();
        Map<String, YamlDocument> intakes = new LinkedHashMap<>();
        Map<String, String> drl = new LinkedHashMap<>();
        Map<String, String> scenarios = new LinkedHashMap<>();
        List<RuleFile> described = new ArrayList<>();
        for (RuleFile file : files) {
            String text = texts.get(file.path());
            String kind;
            if (file.path().endsWith(".drl")) {
                drl.put(file.path(), text);
                kind = "Policy";
            } else if (file.path().endsWith(SCENARIOS_SUFFIX)) {
                scenarios.put(file.path(), text);
                kind = "Scenarios";
            } else {
                kind = classify(file.path(), text, Map.of("Catalog", catalogs, "Pathway", pathways,
                        "CreditFrameworks", frameworks, "Recognition", recognitions, "CredentialIntake", intakes),
                        problems);
            }
            described.add(new RuleFile(file.path(), kind, file.bytes()));
        }

        Catalog catalog = buildCatalog(catalogs, problems);
        CreditModel credit = CreditChecks.frameworks(frameworks, problems);
        Map<String, RecognitionFile> recognition = CreditChecks.recognition(recognitions, catalog, credit, problems);
        CreditChecks.catalog(catalogs, catalog, credit, problems);
        CredentialIntake intake = IntakeChecks.intake(intakes, catalog, problems);
        PathwayResolver resolver = new PathwayResolver(catalog, declaredCodes(catalogs), credit,
                recognition.keySet());
        pathways.forEach((path, doc) -> bind(doc, PathwayFile.class, problems)
                .ifPresent(p -> resolver.add(p, doc)));
        Map<String, Award> plans = resolver.build();
        problems.addAll(resolver.problems());
        if (catalog.qualifications().isEmpty() && problems.isEmpty()) {
            problems.add(catalogs.isEmpty()
                    ? RuleProblem.error(directory.toString(), 0, "no qualifications: no catalog file found; add a"
                            + " file with 'kind: Catalog' and a 'qualifications:' list")
                    : RuleProblem.error(String.join(", ", catalogs.keySet()), 0, "no qualifications yet: the"
                            + " catalog lists credentials but no qualification; add one under 'qualifications:'"
                            + " (code, title, type, level)"));
        }
        Set<String> used = resolver.usedCredentials(plans);
        List<String> unused = catalog.microcredentials().keySet().stream()
                .filter(code -> !used.contains(code)).toList();
        for (String code : unused) {
            problems.add(RuleProblem.warning(whereDefined(catalogs, code), lineOfCode(catalogs, code),
                    "credential '" + code + "' is not used by any pathway"));
        }
        List<String> needScenarios = new ArrayList<>(drl.keySet());
        needScenarios.addAll(pathways.keySet());
        needScenarios.addAll(frameworks.keySet());
        needScenarios.addAll(recognitions.keySet());
        for (String ruleFile : needScenarios) {
            String sibling = scenariosFileFor(ruleFile);
            if (!scenarios.containsKey(sibling)) {
                problems.add(RuleProblem.warning(ruleFile, 0, "has no scenarios file beside it (" + sibling + ")"));
            }
        }

        boolean failed = problems.stream().anyMatch(p -> p.severity() == RuleProblem.Severity.ERROR);
        Map<String, String> sources = new LinkedHashMap<>(engineRules());
        sources.putAll(drl);
        // DRL is compiled even when data files failed, so that one run reports every problem at once.
        DrlCompiler.Result compiled = DrlCompiler.compile(sources, classLoader);
        problems.addAll(compiled.problems());
        failed |= compiled.kieBase() == null
                || compiled.problems().stream().anyMatch(p -> p.severity() == RuleProblem.Severity.ERROR);
        List<RuleProblem> unique = new ArrayList<>(new LinkedHashSet<>(problems));
        if (failed) {
            return new Outcome(null, version, unique);
        }
        Ruleset ruleset = new Ruleset(version, Instant.now(), directory.toString(), List.copyOf(described),
                catalog, orderedCopy(plans),
                compiled.rules(), compiled.kieBase(), List.copyOf(unique), Map.copyOf(scenarios),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources)), credit, Map.copyOf(recognition),
                java.util.Collections.unmodifiableMap(new TreeMap<>(texts)), intake);
        return new Outcome(ruleset, version, unique);
    }

    private static Map<String, Award> orderedCopy(Map<String, Award> plans) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(plans));
    }

    /**
     * The version the rules directory would load as, without validating or compiling it: the same content hash
     * {@link #load} gives, read the same way, so a watcher can tell cheaply whether anything changed.
     *
     * @return null when the directory does not exist
     */
    public static String fingerprint(Path directory) {
        if (!Files.isDirectory(directory)) {
            return null;
        }
        List<RuleProblem> unreadable = new ArrayList<>();
        return version(snapshot(directory, unreadable), unreadable);
    }

    /**
     * Every rule file below the directory as bytes, by relative path, sorted. Files that cannot be read, are too
     * large, or are links leading out of the directory are left out, each with an error.
     */
    private static Map<String, byte[]> snapshot(Path directory, List<RuleProblem> problems) {
        Map<String, byte[]> out = new TreeMap<>();
        List<Path> paths;
        Path root;
        try {
            root = directory.toRealPath();
        } catch (IOException e) {
            problems.add(RuleProblem.error(directory.toString(), 0, "cannot read the rules directory: "
                    + e.getMessage()));
            return out;
        }
        try (Stream<Path> walk = Files.walk(directory, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            paths = walk.filter(p -> !hidden(directory.relativize(p)))
                    .filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".drl");
                    })
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(RuleProblem.error(directory.toString(), 0, "cannot read the rules directory: "
                    + e.getMessage()));
            return out;
        }
        for (Path p : paths) {
            String rel = directory.relativize(p).toString().replace('\\', '/');
            try {
                // Links are followed (a Kubernetes ConfigMap is made of them) but only to files inside the directory.
                if (!p.toRealPath().startsWith(root)) {
                    problems.add(RuleProblem.error(rel, 0, "the file is a link to " + p.toRealPath()
                            + ", outside the rules directory; only files inside it are read"));
                    continue;
                }
                long size = Files.size(p);
                if (size > MAX_FILE_BYTES) {
                    problems.add(RuleProblem.error(rel, 0, "the file is " + size + " bytes; rule files are limited to "
                            + MAX_FILE_BYTES));
                    continue;
                }
                out.put(rel, Files.readAllBytes(p));
            } catch (IOException e) {
                problems.add(RuleProblem.error(rel, 0, "cannot read the file: " + e.getMessage()));
            }
        }
        return out;
    }

    private static void decode(Map<String, byte[]> raw, Map<String, String> texts, List<RuleFile> files,
                               List<RuleProblem> problems) {
        raw.forEach((rel, bytes) -> {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
                texts.put(rel, text);
                files.add(new RuleFile(rel, null, bytes.length));
            } catch (CharacterCodingException e) {
                problems.add(RuleProblem.error(rel, 0, "the file is not UTF-8 text"));
            }
        });
    }

    /** Hidden files and folders are skipped: editors' backups and a Kubernetes ConfigMap's ..data links. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static final Map<String, String> SCHEMAS = Map.of("Catalog", "catalog", "Pathway", "pathway",
            "CreditFrameworks", "frameworks", "Recognition", "recognition", "CredentialIntake", "credential-intake");

    private static String classify(String path, String text, Map<String, Map<String, YamlDocument>> byKind,
                                   List<RuleProblem> problems) {
        YamlDocument doc;
        try {
            doc = YamlDocument.parse(path, text);
        } catch (RuleFileException e) {
            problems.addAll(e.problems());
            return "Unreadable";
        }
        JsonNode kind = doc.root().get("kind");
        String k = kind == null || !kind.isTextual() ? null : kind.asText();
        if (k != null && SCHEMAS.containsKey(k)) {
            problems.addAll(SchemaCheck.check(doc, SCHEMAS.get(k)));
            byKind.get(k).put(path, doc);
        } else {
            String kinds = String.join(", ", new java.util.TreeSet<>(SCHEMAS.keySet()));
            problems.add(RuleProblem.error(path, doc.line("$.kind"), k == null
                    ? "a rule file starts with 'kind:' (" + kinds + "), or is named NAME.scenarios.yaml"
                    : "unknown kind '" + k + "': expected one of " + kinds));
        }
        return k;
    }

    private Catalog buildCatalog(Map<String, YamlDocument> docs, List<RuleProblem> problems) {
        Map<String, CompetencyArea> areas = new LinkedHashMap<>();
        Map<String, Issuer> issuers = new LinkedHashMap<>();
        Map<String, GradeScale> scales = new LinkedHashMap<>();
        Map<String, Microcredential> credentials = new LinkedHashMap<>();
        Map<String, QualificationEntry> qualifications = new LinkedHashMap<>();
        Map<String, String> firstSeen = new LinkedHashMap<>();
        for (YamlDocument doc : docs.values()) {
            collect(doc, "areas", CompetencyArea.class, CompetencyArea::code, areas, firstSeen, problems);
            collect(doc, "issuers", Issuer.class, Issuer::id, issuers, firstSeen, problems);
            collect(doc, "gradeScales", GradeScale.class, GradeScale::id, scales, firstSeen, problems);
            collect(doc, "microcredentials", Microcredential.class, Microcredential::code, credentials, firstSeen,
                    problems);
            collect(doc, "qualifications", QualificationEntry.class, QualificationEntry::code, qualifications, firstSeen,
                    problems);
        }
        for (YamlDocument doc : docs.values()) {
            JsonNode declaredScales = doc.root().path("gradeScales");
            for (int i = 0; i < declaredScales.size(); i++) {
                String path = "$.gradeScales[" + i + "]";
                GradeScale scale = scales.get(declaredScales.get(i).path("id").asText());
                if (scale == null) {
                    continue;
                }
                if (new java.util.HashSet<>(scale.grades()).size() < scale.grades().size()) {
                    problems.add(RuleProblem.error(doc.file(), doc.line(path + ".grades"),
                            "a grade appears twice on scale '" + scale.id() + "': list each grade once, lowest first"));
                }
                if (scale.pass() != null && scale.rank(scale.pass()) < 0) {
                    problems.add(RuleProblem.error(doc.file(), doc.line(path + ".pass"), "pass grade '" + scale.pass()
                            + "' is not on the scale (" + scale.describe() + ")"));
                }
            }
            JsonNode list = doc.root().path("microcredentials");
            for (int i = 0; i < list.size(); i++) {
                String path = "$.microcredentials[" + i + "]";
                JsonNode m = list.get(i);
                String scale = m.path("gradeScale").asText();
                if (!scale.isEmpty() && !scales.containsKey(scale)) {
                    problems.add(RuleProblem.error(doc.file(), doc.line(path + ".gradeScale"),
                            "unknown grade scale '" + scale + "': add it under gradeScales"));
                }
                String issuer = m.path("issuer").asText();
                if (!issuer.isEmpty() && !issuers.containsKey(issuer)) {
                    problems.add(RuleProblem.error(doc.file(), doc.line(path + ".issuer"),
                            "unknown issuer '" + issuer + "': add it under issuers"));
                }
                JsonNode as = m.path("areas");
                for (int j = 0; j < as.size(); j++) {
                    if (!areas.containsKey(as.get(j).asText())) {
                        problems.add(RuleProblem.error(doc.file(), doc.line(path + ".areas[" + j + "]"),
                                "unknown competency area '" + as.get(j).asText() + "': add it under areas"));
                    }
                }
            }
        }
        return new Catalog(areas, issuers, scales, credentials, qualifications);
    }

    private <T> void collect(YamlDocument doc, String section, Class<T> type, Function<T, String> key,
                             Map<String, T> into, Map<String, String> firstSeen, List<RuleProblem> problems) {
        JsonNode list = doc.root().path(section);
        for (int i = 0; i < list.size(); i++) {
            String path = "$." + section + "[" + i + "]";
            T item;
            try {
                item = MAPPER.treeToValue(list.get(i), type);
            } catch (IOException | IllegalArgumentException e) {
                // The schema check has already reported why this entry is malformed.
                continue;
            }
            String code = key.apply(item);
            if (code == null) {
                continue;
            }
            String where = doc.file() + ":" + doc.line(path);
            String earlier = firstSeen.putIfAbsent(section + "/" + code, where);
            if (earlier != null) {
                problems.add(RuleProblem.error(doc.file(), doc.line(path), "'" + code + "' is already defined at "
                        + earlier));
                continue;
            }
            if (item instanceof Microcredential m && m.achievementType() == null) {
                item = type.cast(m.withAchievementType("MicroCredential"));
            }
            into.put(code, item);
        }
    }

    static <T> java.util.Optional<T> bind(YamlDocument doc, Class<T> type, List<RuleProblem> problems) {
        try {
            return java.util.Optional.of(MAPPER.treeToValue(doc.root(), type));
        } catch (IOException | IllegalArgumentException e) {
            if (problems.stream().noneMatch(p -> p.file().equals(doc.file()))) {
                problems.add(RuleProblem.error(doc.file(), 1, "cannot be read: " + e.getMessage()));
            }
            return java.util.Optional.empty();
        }
    }

    /** Every code written in a catalog, even in an entry that failed its schema, so one typo is one error. */
    private static java.util.Set<String> declaredCodes(Map<String, YamlDocument> catalogs) {
        java.util.Set<String> codes = new java.util.HashSet<>();
        for (YamlDocument doc : catalogs.values()) {
            for (String section : List.of("microcredentials", "qualifications")) {
                doc.root().path(section).forEach(n -> codes.add(n.path("code").asText()));
            }
        }
        return codes;
    }

    private static String whereDefined(Map<String, YamlDocument> catalogs, String code) {
        return catalogs.entrySet().stream()
                .filter(e -> hasCode(e.getValue(), code) >= 0)
                .map(Map.Entry::getKey).findFirst().orElse("(catalog)");
    }

    private static int lineOfCode(Map<String, YamlDocument> catalogs, String code) {
        for (YamlDocument doc : catalogs.values()) {
            int i = hasCode(doc, code);
            if (i >= 0) {
                return doc.line("$.microcredentials[" + i + "]");
            }
        }
        return 0;
    }

    private static int hasCode(YamlDocument doc, String code) {
        JsonNode list = doc.root().path("microcredentials");
        for (int i = 0; i < list.size(); i++) {
            if (code.equals(list.get(i).path("code").asText())) {
                return i;
            }
        }
        return -1;
    }

    /** The engine's own DRL, shipped in the jar: read once, since it cannot change while the program runs. */
    static Map<String, String> engineRules() {
        return EngineRules.RULES;
    }

    private static final class EngineRules {
        static final Map<String, String> RULES = read();
    }

    private static Map<String, String> read() {
        try (InputStream in = RulesetLoader.class.getResourceAsStream("/engine/engine.drl")) {
            if (in == null) {
                throw new IllegalStateException("engine/engine.drl is missing from the application");
            }
            return Map.of(DrlCompiler.ENGINE_PREFIX + "engine.drl", new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The content hash. Files left out (too large, unreadable, linked from outside) count too, so that adding one
     * changes the version: the watcher then tries it and reports why, rather than a restart tripping over it later.
     */
    private static String version(Map<String, byte[]> files, List<RuleProblem> leftOut) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            leftOut.forEach(p -> {
                digest.update(p.toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            files.forEach((path, bytes) -> {
                digest.update(path.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(bytes);
                digest.update((byte) 0);
            });
            digest.update(engineRules().values().iterator().next().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scenarios file that belongs beside a rule file: {@code policies/recency.drl} has {@code policies/recency.scenarios.yaml}. */
    public static String scenariosFileFor(String ruleFile) {
        return ruleFile.replaceFirst("\\.(drl|ya?ml)$", "") + SCENARIOS_SUFFIX;
    }
}
