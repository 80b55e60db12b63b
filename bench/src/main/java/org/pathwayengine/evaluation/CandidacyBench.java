package org.pathwayengine.evaluation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.kie.api.KieBase;
import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.catalog.Prerequisites;
import org.pathwayengine.catalog.Qualification;
import org.pathwayengine.facts.Held;
import org.pathwayengine.pathway.Filter;
import org.pathwayengine.pathway.QualificationPlan;
import org.pathwayengine.pathway.Requirement;
import org.pathwayengine.ruleset.BenchCompiler;
import org.pathwayengine.ruleset.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Measures the Drools part of an evaluation (Evaluator.Decisions.decide: new session, insert facts, fire, collect,
 * dispose) with A, the engine's generic candidacy rules over Requirement facts, against B, one generated rule per
 * requirement leaf with literal constraints. Both variants run the same decide() code on the same prepared facts;
 * only the KieBase differs. A and B alternate within every round; results are per-round ratios B/A.
 */
public final class CandidacyBench {

    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 15);
    private static final long BATCH_NANOS = Long.getLong("bench.batchMillis", 40) * 1_000_000L;
    private static final int COMPILES = Integer.getInteger("bench.compiles", 5);
    private static final int SCALE = Integer.getInteger("bench.scale", 20);
    /** Rounds on the scaled catalog, where one evaluation takes up to seconds. */
    private static final int SCALE_ROUNDS = Integer.getInteger("bench.scaleRounds", 5);
    /** Generated rules put the Held pattern before the Requirement pattern (an alternative join order). */
    private static final boolean HELD_FIRST = Boolean.getBoolean("bench.heldFirst");

    /** One evaluation's prepared Drools input, as Evaluator.evaluate builds it before deciding. */
    record Input(String group, String name, List<Held> held, List<Held> prospects,
                 Map<String, QualificationPlan> touched, Map<String, List<org.pathwayengine.facts.Requirement>> leafFacts,
                 String learner, int given) {
    }

    public static void main(String[] args) throws Exception {
        Path rulesDir = Path.of(args.length > 0 ? args[0] : "rules");
        Path examplesDir = Path.of(args.length > 1 ? args[1] : "openapi/examples");
        ClassLoader loader = CandidacyBench.class.getClassLoader();
        RulesetLoader.Outcome outcome = new RulesetLoader(loader).load(rulesDir);
        if (!outcome.ok()) {
            throw new IllegalStateException("rules did not load: " + outcome.errors());
        }
        Ruleset base = outcome.ruleset();
        System.out.printf("java %s, %d cpus, rounds=%d (x%d catalog: %d), batch=%dms, generated join order: %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), ROUNDS, SCALE, SCALE_ROUNDS,
                BATCH_NANOS / 1_000_000, HELD_FIRST ? "Held, Requirement" : "Requirement, Held");

        Ruleset scaled = replicate(base, SCALE);
        for (Ruleset catalogRuleset : List.of(base, scaled)) {
            String label = catalogRuleset == base ? "catalog x1" : "catalog x" + SCALE;
            Map<String, String> sourcesA = new LinkedHashMap<>(catalogRuleset.drl());
            Map<String, String> sourcesB = generatedSources(catalogRuleset);
            int leaves = catalogRuleset.plans().values().stream().mapToInt(p -> p.root().leaves().size()).sum();
            System.out.printf("%n== %s: %d microcredentials, %d qualifications, %d requirement leaves%n", label,
                    catalogRuleset.catalog().microcredentials().size(), catalogRuleset.plans().size(), leaves);

            // Compile time, alternating A and B.
            List<Double> compileA = new ArrayList<>();
            List<Double> compileB = new ArrayList<>();
            List<Double> compileRatio = new ArrayList<>();
            KieBase kieA = null;
            KieBase kieB = null;
            for (int i = 0; i < COMPILES + 1; i++) {
                boolean aFirst = i % 2 == 0;
                double ta = 0;
                double tb = 0;
                for (int k = 0; k < 2; k++) {
                    long t0 = System.nanoTime();
                    if ((k == 0) == aFirst) {
                        kieA = BenchCompiler.compile(sourcesA, loader);
                        ta = (System.nanoTime() - t0) / 1e6;
                    } else {
                        kieB = BenchCompiler.compile(sourcesB, loader);
                        tb = (System.nanoTime() - t0) / 1e6;
                    }
                }
                if (i > 0) { // the first pair warms the compiler up
                    compileA.add(ta);
                    compileB.add(tb);
                    compileRatio.add(tb / ta);
                }
            }
            System.out.printf("compile KieBase: A median %.0f ms, B median %.0f ms, B/A median %.2f (min %.2f, max %.2f)"
                            + "; rules A=%d B=%d%n", median(compileA), median(compileB), median(compileRatio),
                    min(compileRatio), max(compileRatio), ruleCount(kieA), ruleCount(kieB));

            Ruleset a = withKieBase(catalogRuleset, kieA);
            Ruleset b = withKieBase(catalogRuleset, kieB);
            List<Input> inputs = inputs(catalogRuleset, examplesDir);

            // Same answers: candidates and exclusions, input by input.
            int differences = 0;
            for (Input in : List.copyOf(inputs)) {
                Evaluator.Decisions da;
                Evaluator.Decisions db;
                try {
                    da = decide(a, in);
                } catch (RulesDidNotSettleException e) {
                    da = null;
                }
                try {
                    db = decide(b, in);
                } catch (RulesDidNotSettleException e) {
                    db = null;
                }
                if (da == null || db == null) {
                    System.out.printf("FIRING CAP (%d) hit on %s (%d held + %d prospects, %d qualifications): A %s, B %s;"
                                    + " left out of the timings%n", Evaluator.MAX_FIRINGS, in.name(), in.held().size(),
                            in.prospects().size(), in.touched().size(), da == null ? "hit" : "settled",
                            db == null ? "hit" : "settled");
                    inputs.remove(in);
                    continue;
                }
                if (!candidates(da).equals(candidates(db)) || !exclusions(da).equals(exclusions(db))) {
                    differences++;
                    System.out.printf("DIFFERENCE on %s: A=%s%n   B=%s%n", in.name(), candidates(da), candidates(db));
                }
            }
            int candidateTotal = inputs.stream().mapToInt(in -> decide(a, in).candidates().size()).sum();
            System.out.printf("equivalence: %d inputs, %d candidates in all, %d inputs differ%n", inputs.size(),
                    candidateTotal, differences);

            // Warm-up, then timed rounds.
            long warmUntil = System.nanoTime() + 5_000_000_000L;
            do {
                for (Input in : inputs) {
                    decide(a, in);
                    decide(b, in);
                }
            } while (System.nanoTime() < warmUntil);
            Map<String, List<Input>> groups = new LinkedHashMap<>();
            inputs.forEach(in -> groups.computeIfAbsent(in.group(), g -> new ArrayList<>()).add(in));
            System.out.printf("%-22s %10s %10s %14s %16s%n", "requests", "A us/eval", "B us/eval", "B/A median",
                    "B/A min-max");
            for (Map.Entry<String, List<Input>> group : groups.entrySet()) {
                List<Double> perA = new ArrayList<>();
                List<Double> perB = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                int rounds = catalogRuleset == base ? ROUNDS : SCALE_ROUNDS;
                for (int round = 0; round < rounds; round++) {
                    double ta;
                    double tb;
                    if (round % 2 == 0) {
                        ta = perEvaluation(a, group.getValue());
                        tb = perEvaluation(b, group.getValue());
                    } else {
                        tb = perEvaluation(b, group.getValue());
                        ta = perEvaluation(a, group.getValue());
                    }
                    perA.add(ta);
                    perB.add(tb);
                    ratios.add(tb / ta);
                }
                System.out.printf("%-22s %10.0f %10.0f %14.2f %9.2f-%.2f%n",
                        group.getKey() + " (" + group.getValue().size() + ")", median(perA),
                        median(perB), median(ratios), min(ratios), max(ratios));
            }
        }
    }

    /** Mean time of one decide() over the group's inputs, in microseconds, repeated to fill a batch. */
    private static double perEvaluation(Ruleset ruleset, List<Input> inputs) {
        long count = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (Input in : inputs) {
                decide(ruleset, in);
                count++;
            }
            now = System.nanoTime();
        } while (now - start < BATCH_NANOS);
        return (now - start) / 1e3 / count;
    }

    private static Evaluator.Decisions decide(Ruleset ruleset, Input in) {
        return Evaluator.Decisions.decide(ruleset, in.held(), in.prospects(), in.touched(), in.leafFacts(), AS_OF,
                in.learner(), in.given());
    }

    private static TreeSet<String> candidates(Evaluator.Decisions d) {
        TreeSet<String> out = new TreeSet<>();
        d.candidates().forEach(c -> out.add(c.getHeld().getIndex() + " " + c.getRequirement().getQualification()
                + " " + c.getRequirement().getId() + " " + c.getRuleId()));
        return out;
    }

    private static TreeSet<String> exclusions(Evaluator.Decisions d) {
        TreeSet<String> out = new TreeSet<>();
        d.excluded().forEach(e -> out.add(e.getHeld().getIndex() + " " + e.getRuleId() + " " + e.getQualification()
                + " " + (e.getRequirement() == null ? "-" : e.getRequirement().getId())));
        return out;
    }

    // ---- inputs -------------------------------------------------------------------------------------------

    private static List<Input> inputs(Ruleset ruleset, Path examplesDir) throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        List<Input> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(examplesDir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files) {
            EvaluationRequest r = json.readValue(f.toFile(), EvaluationRequest.class);
            out.add(prepare(ruleset, "examples", f.getFileName().toString(), r));
        }
        Random random = new Random(20261101L);
        List<String> codes = new ArrayList<>(ruleset.catalog().microcredentials().keySet());
        for (int size : new int[] {5, 20, 100}) {
            for (int learner = 0; learner < 4; learner++) {
                List<HeldCredential> held = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    String code = codes.get(random.nextInt(codes.size()));
                    LocalDate awarded = AS_OF.minusDays(random.nextInt(6 * 365));
                    String issuer = random.nextInt(20) == 0 ? "someone-else" : null;
                    Boolean assessed = random.nextInt(10) == 0 ? Boolean.FALSE : null;
                    held.add(new HeldCredential(code, awarded, null, issuer, assessed, null));
                }
                EvaluationRequest r = new EvaluationRequest("synthetic-" + size + "-" + learner, AS_OF, held,
                        List.of());
                out.add(prepare(ruleset, "synthetic " + size + " held", r.learner(), r));
            }
        }
        return out;
    }

    /** The facts Evaluator.evaluate hands to Decisions.decide, built the same way. */
    private static Input prepare(Ruleset ruleset, String group, String name, EvaluationRequest request) {
        Catalog catalog = ruleset.catalog();
        LocalDate asOf = request.asOf() != null ? request.asOf() : AS_OF;
        List<HeldCredential> given = new ArrayList<>(request.held());
        given.addAll(request.hypothetical());
        int heldCount = request.held().size();
        List<Held> held = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            HeldCredential h = given.get(i);
            Microcredential m = catalog.microcredentials().get(h.code());
            if (m != null) {
                held.add(Evaluator.held(m, i, h.awarded(), h.expires(), h.issuer(), h.assessed(), h.grade(), asOf,
                        i >= heldCount));
            }
        }
        Map<String, QualificationPlan> touched = new LinkedHashMap<>();
        Map<String, List<org.pathwayengine.facts.Requirement>> leafFacts = new LinkedHashMap<>();
        for (QualificationPlan plan : ruleset.plans().values()) {
            List<org.pathwayengine.facts.Requirement> facts = Evaluator.leafFacts(plan);
            if (facts.stream().anyMatch(f -> held.stream().anyMatch(f::accepts))) {
                touched.put(plan.qualification().code(), plan);
                leafFacts.put(plan.qualification().code(), facts);
            }
        }
        List<Held> prospects = Prospects.of(catalog, touched.values(), leafFacts, held, given.size(), asOf);
        return new Input(group, name, held, prospects, touched, leafFacts, request.learner(), given.size());
    }

    // ---- variant B: generated candidacy rules -------------------------------------------------------------

    /** engine.drl without its two generic candidacy rules, the policies, and one generated rule per leaf. */
    static Map<String, String> generatedSources(Ruleset ruleset) {
        Map<String, String> out = new LinkedHashMap<>();
        ruleset.drl().forEach((path, text) -> {
            if (path.equals("engine/engine.drl")) {
                String stripped = text.replaceAll("(?s)rule \"Candidate for a named credential\".*?\nend\n", "")
                        .replaceAll("(?s)rule \"Candidate for credentials from a set\".*?\nend\n", "");
                if (stripped.contains("SYS-CANDIDATE")) {
                    throw new IllegalStateException("could not strip the generic candidacy rules");
                }
                out.put(path, stripped);
            } else {
                out.put(path, text);
            }
        });
        out.put("engine/generated-candidacy.drl", generate(ruleset.plans()));
        return out;
    }

    static String generate(Map<String, QualificationPlan> plans) {
        StringBuilder drl = new StringBuilder("package engine.generated;\n\nimport org.pathwayengine.facts.*;\n\n");
        int n = 0;
        for (QualificationPlan plan : plans.values()) {
            String q = plan.qualification().code();
            for (Requirement.Leaf leaf : plan.root().leaves()) {
                String held;
                String ruleId;
                if (leaf instanceof Requirement.CredentialLeaf c) {
                    held = "code == " + lit(c.code());
                    ruleId = "SYS-CANDIDATE-CREDENTIAL";
                } else if (leaf instanceof Requirement.CountLeaf c) {
                    held = constraints(c.filter(), true);
                    ruleId = "SYS-CANDIDATE-FILTER";
                } else if (leaf instanceof Requirement.CreditsLeaf c) {
                    // As Evaluator.leafFacts: the level of a credits leaf is checked on the counted credit, in Java.
                    held = constraints(c.filter(), false);
                    ruleId = "SYS-CANDIDATE-FILTER";
                } else {
                    throw new IllegalStateException("unknown leaf " + leaf);
                }
                n++;
                drl.append("rule \"GEN candidacy ").append(n).append(' ').append(q).append('/').append(leaf.id())
                        .append("\"\n    @id(\"GEN-CANDIDATE-").append(n).append("\")\n")
                        .append("    @description(\"Generated: a held credential may count towards ").append(q)
                        .append('/').append(leaf.id()).append(".\")\nwhen\n")
                        .append(HELD_FIRST ? "    $h : Held( " + held + " )\n" : "")
                        .append("    $r : Requirement( qualification == ").append(lit(q)).append(", id == ")
                        .append(lit(leaf.id())).append(" )\n")
                        .append(HELD_FIRST ? "" : "    $h : Held( " + held + " )\n")
                        .append("    not Excluded( held == $h, appliesTo($r) )\nthen\n")
                        .append("    insertLogical(new Candidate($h, $r, \"").append(ruleId).append("\"));\nend\n\n");
            }
        }
        return drl.toString();
    }

    /** Filter.accepts as literal constraints; "this != null" when the filter accepts everything. */
    private static String constraints(Filter f, boolean withLevel) {
        List<String> parts = new ArrayList<>();
        if (!f.credentials().isEmpty()) {
            parts.add("code in (" + lits(f.credentials()) + ")");
        }
        if (!f.areas().isEmpty()) {
            parts.add("( " + String.join(" || ", f.areas().stream().map(a -> "areas contains " + lit(a)).toList())
                    + " )");
        }
        if (withLevel && f.minLevel() != null) {
            parts.add("level >= " + f.minLevel());
        }
        if (withLevel && f.maxLevel() != null) {
            parts.add("level <= " + f.maxLevel());
        }
        if (!f.issuers().isEmpty()) {
            parts.add("issuer in (" + lits(f.issuers()) + ")");
        }
        if (!f.achievementTypes().isEmpty()) {
            parts.add("achievementType in (" + lits(f.achievementTypes()) + ")");
        }
        return parts.isEmpty() ? "this != null" : String.join(", ", parts);
    }

    private static String lits(List<String> values) {
        return String.join(", ", values.stream().map(CandidacyBench::lit).toList());
    }

    private static String lit(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- synthetic larger catalog -------------------------------------------------------------------------

    /** The catalog and plans plus (copies - 1) copies under new codes ("-R2", "-R3", ...). */
    static Ruleset replicate(Ruleset base, int copies) {
        Catalog c = base.catalog();
        Map<String, Microcredential> micro = new LinkedHashMap<>(c.microcredentials());
        Map<String, Qualification> quals = new LinkedHashMap<>(c.qualifications());
        Map<String, QualificationPlan> plans = new LinkedHashMap<>(base.plans());
        Map<String, org.pathwayengine.catalog.CompetencyArea> areas = new LinkedHashMap<>(c.areas());
        for (int k = 2; k <= copies; k++) {
            String sfx = "-R" + k;
            // Each copy is its own subject family: its areas are renamed too (issuers stay shared).
            java.util.function.UnaryOperator<String> area = a -> a + sfx;
            c.areas().values().forEach(a -> areas.put(area.apply(a.code()),
                    new org.pathwayengine.catalog.CompetencyArea(area.apply(a.code()), a.title(), a.description())));
            java.util.function.UnaryOperator<String> rename = code ->
                    code != null && (c.microcredentials().containsKey(code) || c.qualifications().containsKey(code))
                            ? code + sfx : code;
            for (Microcredential m : c.microcredentials().values()) {
                Microcredential copy = new Microcredential(rename.apply(m.code()), m.title(), m.description(),
                        m.issuer(), m.achievementType(), m.areas().stream().map(area).toList(), m.credit(), m.hours(), m.eqfLevel(),
                        m.assessment(), m.qualityAssurance(), m.participation(), m.alignment(), m.learningOutcomes(),
                        m.validFor(), prerequisites(m.prerequisites(), rename), m.recommends().stream()
                        .map(rename).toList());
                micro.put(copy.code(), copy);
            }
            for (Qualification q : c.qualifications().values()) {
                Qualification copy = new Qualification(rename.apply(q.code()), q.title(), q.type(), q.level(),
                        q.credit(), q.awardingBody(), q.awardedBy(), q.tags(), prerequisites(q.prerequisites(), rename));
                quals.put(copy.code(), copy);
            }
            for (QualificationPlan p : base.plans().values()) {
                QualificationPlan copy = new QualificationPlan(quals.get(rename.apply(p.qualification().code())),
                        p.pathway() + sfx, p.source(), requirement(p.root(), rename, area), p.credit());
                plans.put(copy.qualification().code(), copy);
            }
        }
        Catalog catalog = new Catalog(areas, c.issuers(), micro, quals);
        return new Ruleset(base.version() + "-x" + copies, base.loadedAt(), base.directory(), base.files(), catalog,
                plans, base.rules(), base.kieBase(), base.warnings(), base.scenarios(), base.drl(), base.credit(),
                base.recognition());
    }

    private static Prerequisites prerequisites(Prerequisites p, java.util.function.UnaryOperator<String> rename) {
        if (p == null) {
            return null;
        }
        return new Prerequisites(p.allOf() == null ? null : p.allOf().stream().map(rename).toList(), p.choose(),
                p.from() == null ? null : p.from().stream().map(rename).toList(), p.within());
    }

    private static Requirement requirement(Requirement r, java.util.function.UnaryOperator<String> rename,
                                           java.util.function.UnaryOperator<String> area) {
        if (r instanceof Requirement.AllOf g) {
            return new Requirement.AllOf(g.id(), g.title(), g.source(),
                    g.children().stream().map(x -> requirement(x, rename, area)).toList());
        } else if (r instanceof Requirement.Choose g) {
            return new Requirement.Choose(g.id(), g.title(), g.source(), g.n(),
                    g.children().stream().map(x -> requirement(x, rename, area)).toList());
        } else if (r instanceof Requirement.Nested g) {
            return new Requirement.Nested(g.id(), g.title(), g.source(), rename.apply(g.qualification()),
                    requirement(g.inner(), rename, area));
        } else if (r instanceof Requirement.CredentialLeaf l) {
            return new Requirement.CredentialLeaf(l.id(), l.title(), l.source(), rename.apply(l.code()), l.shareable());
        } else if (r instanceof Requirement.CountLeaf l) {
            return new Requirement.CountLeaf(l.id(), l.title(), l.source(), l.count(), filter(l.filter(), rename, area),
                    l.shareable());
        } else if (r instanceof Requirement.CreditsLeaf l) {
            return new Requirement.CreditsLeaf(l.id(), l.title(), l.source(), l.credits(), l.atMost(),
                    filter(l.filter(), rename, area), l.shareable(), l.framework(), l.recognisedBy(), l.awardRule());
        }
        throw new IllegalStateException("unknown requirement " + r);
    }

    private static Filter filter(Filter f, java.util.function.UnaryOperator<String> rename,
                                 java.util.function.UnaryOperator<String> area) {
        return new Filter(f.areas().stream().map(area).toList(), f.minLevel(), f.maxLevel(), f.issuers(),
                f.credentials().stream().map(rename).toList(), f.achievementTypes());
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static Ruleset withKieBase(Ruleset r, KieBase kieBase) {
        return new Ruleset(r.version(), r.loadedAt(), r.directory(), r.files(), r.catalog(), r.plans(), r.rules(),
                kieBase, r.warnings(), r.scenarios(), r.drl(), r.credit(), r.recognition());
    }

    private static int ruleCount(KieBase k) {
        return k.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
