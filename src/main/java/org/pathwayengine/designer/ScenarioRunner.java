package org.pathwayengine.designer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayengine.evaluation.Advice;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.evaluation.Evaluator;
import org.pathwayengine.evaluation.RequestJson;
import org.pathwayengine.model.RuleInfo;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RuleFileException;
import org.pathwayengine.ruleset.RulesetLoader;
import org.pathwayengine.ruleset.SchemaCheck;
import org.pathwayengine.ruleset.YamlDocument;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the scenario files of a ruleset ({@code NAME.scenarios.yaml} beside each rule file) through the same
 * evaluator the service uses, and checks coverage: every pathway and policy file has scenarios, and every policy
 * rule id is exercised by a scenario beside it.
 */
public final class ScenarioRunner {

    /**
     * Everything a run found: one result per scenario, plus file-level problems (format, coverage).
     *
     * @param unexercised the problems (also in {@code problems}) about policy rule ids no scenario makes fire
     */
    public record Report(List<ScenarioResult> results, List<RuleProblem> problems, List<RuleProblem> unexercised) {
        public boolean passed() {
            return problems.isEmpty() && results.stream().allMatch(ScenarioResult::passed);
        }
    }

    private static final ObjectMapper MAPPER = RequestJson.mapper();

    /** Kinds of rule file that decide outcomes, and so must have scenarios beside them. */
    private static final Set<String> NEEDS_SCENARIOS = Set.of("Policy", "Pathway", "CreditFrameworks", "Recognition");

    /** The day a scenario without {@code asOf} is judged on. */
    public static final java.time.LocalDate SCENARIO_DAY = java.time.LocalDate.parse("2026-01-01");

    private final Evaluator evaluator;
    private final int threads;
    private final boolean planEvery;

    /** The scenarios file that belongs beside a rule file: NAME.scenarios.yaml. */
    public ScenarioRunner() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param threads how many scenarios may run at once (a reload beside live traffic uses fewer than a start) */
    public ScenarioRunner(int threads) {
        this(threads, false);
    }

    /**
     * @param planEvery plan next steps for every scenario, not only for those that expect something of them, for
     *                  tests that the verdicts are the same either way
     */
    ScenarioRunner(int threads, boolean planEvery) {
        this.planEvery = planEvery;
        this.threads = Math.max(1, threads);
        // Scenarios name their as-of date or are judged as of a fixed day, so they never rot with the calendar.
        this.evaluator = new Evaluator(Clock.fixed(SCENARIO_DAY.atStartOfDay().toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC));
    }

    /** A learner situation written in a scenario, named by where it is written. */
    public record ScenarioLearner(String name, EvaluationRequest request) {
    }

    /**
     * Every scenario's learner (its {@code given}) as a request, named "file:line name": the population a rule
     * change can be tried on. Scenarios whose files or requests do not read are left out; {@code test} reports them.
     */
    public static List<ScenarioLearner> learners(Ruleset ruleset) {
        List<ScenarioLearner> out = new ArrayList<>();
        for (YamlDocument doc : documents(ruleset, new ArrayList<>())) {
            for (int i = 0; i < doc.root().size(); i++) {
                JsonNode node = doc.root().get(i);
                try {
                    EvaluationRequest request = MAPPER.treeToValue(node.get("given"), EvaluationRequest.class);
                    if (request != null && request.held() != null) {
                        // Judged on the day the scenario is, so its learner means the same here as in the test.
                        EvaluationRequest dated = new EvaluationRequest(request.learner(),
                                request.asOf() != null ? request.asOf() : SCENARIO_DAY, request.held(),
                                request.hypothetical(), request.exceptions());
                        out.add(new ScenarioLearner(doc.file() + ":" + doc.line("$[" + i + "]") + " "
                                + node.path("name").asText(), dated));
                    }
                } catch (Exception e) {
                    // Not a valid request: the scenario run reports it.
                }
            }
        }
        return out;
    }

    /**
     * Longest a whole run may take (each scenario is also bounded by the evaluator's own limit): a ruleset with a
     * thousand slow scenarios must not hold the reload thread, or a CI job, without end.
     */
    public static final java.time.Duration RUN_TIME_LIMIT = java.time.Duration.ofMinutes(5);

    public Report run(Ruleset ruleset) {
        return run(ruleset, RUN_TIME_LIMIT);
    }

    /**
     * Runs every scenario, several at once (scenarios are independent evaluations of one immutable ruleset);
     * results keep the files' order. Those not started within the time limit fail as not
     * run.
     */
    public Report run(Ruleset ruleset, java.time.Duration timeLimit) {
        long deadline = System.nanoTime() + timeLimit.toNanos();
        List<RuleProblem> problems = new ArrayList<>();
        List<java.util.function.Supplier<ScenarioResult>> cases = new ArrayList<>();
        for (YamlDocument doc : documents(ruleset, problems)) {
            for (int i = 0; i < doc.root().size(); i++) {
                int index = i;
                cases.add(() -> {
                    if (System.nanoTime() - deadline >= 0) {
                        String path = "$[" + index + "]";
                        return new ScenarioResult(doc.file(), doc.line(path), doc.root().get(index).path("name")
                                .asText(), List.of("not run: the scenarios took longer than the limit of "
                                + timeLimit.toSeconds() + " s for one run"), List.of());
                    }
                    return runOne(ruleset, doc, index);
                });
            }
        }
        List<ScenarioResult> results = runAll(cases, threads);
        Map<String, Set<String>> firedByFile = new java.util.HashMap<>();
        results.forEach(r -> firedByFile.computeIfAbsent(r.file(), k -> new TreeSet<>()).addAll(r.fired()));
        List<RuleProblem> unexercised = new ArrayList<>();
        coverage(ruleset, firedByFile, problems, unexercised);
        return new Report(results, problems, unexercised);
    }

    /**
     * Runs the cases on a pool of at most {@code most} threads, in order. Its threads carry this class's loader, which
     * Drools needs to compile constraints at run time off the application's own threads.
     */
    private static List<ScenarioResult> runAll(List<java.util.function.Supplier<ScenarioResult>> cases,
                                               int most) {
        int threads = Math.min(cases.size(), most);
        if (threads <= 1) {
            List<ScenarioResult> out = new ArrayList<>();
            for (var c : cases) {
                out.add(c.get());
            }
            return out;
        }
        ClassLoader loader = ScenarioRunner.class.getClassLoader();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "scenarios-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
        try {
            List<java.util.concurrent.Future<ScenarioResult>> futures = new ArrayList<>();
            cases.forEach(c -> futures.add(pool.submit(c::get)));
            List<ScenarioResult> out = new ArrayList<>();
            for (var f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running scenarios", e);
        } catch (java.util.concurrent.ExecutionException e) {
            // A case turns every failure of its evaluation into its result, so this is a defect of the runner.
            throw new IllegalStateException("a scenario could not be run", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The ruleset's scenario files that read and match their schema, in path order; the others' problems. */
    private static List<YamlDocument> documents(Ruleset ruleset, List<RuleProblem> problems) {
        List<YamlDocument> out = new ArrayList<>();
        for (Map.Entry<String, String> file : new java.util.TreeMap<>(ruleset.scenarios()).entrySet()) {
            YamlDocument doc;
            try {
                doc = YamlDocument.parse(file.getKey(), file.getValue());
            } catch (RuleFileException e) {
                problems.addAll(e.problems());
                continue;
            }
            List<RuleProblem> schema = SchemaCheck.check(doc, "scenarios");
            if (schema.isEmpty()) {
                out.add(doc);
            } else {
                problems.addAll(schema);
            }
        }
        return out;
    }

    private static void coverage(Ruleset ruleset, Map<String, Set<String>> firedByFile, List<RuleProblem> problems,
                                 List<RuleProblem> unexercised) {
        Set<String> ruleFiles = new TreeSet<>();
        ruleset.files().stream()
                .filter(f -> NEEDS_SCENARIOS.contains(f.kind()))
                .forEach(f -> ruleFiles.add(f.path()));
        for (String file : ruleFiles) {
            String sibling = RulesetLoader.scenariosFileFor(file);
            if (!ruleset.scenarios().containsKey(sibling)) {
                problems.add(RuleProblem.error(file, 0, "has no scenarios: add " + sibling));
            }
        }
        for (RuleInfo rule : ruleset.rules()) {
            if (rule.file().startsWith("engine/")) {
                continue;
            }
            String sibling = RulesetLoader.scenariosFileFor(rule.file());
            if (!firedByFile.getOrDefault(sibling, Set.of()).contains(rule.id())) {
                RuleProblem problem = RuleProblem.error(rule.file(), rule.line(), "rule " + rule.id()
                        + " is not exercised: no scenario in " + sibling + " makes it fire");
                problems.add(problem);
                unexercised.add(problem);
            }
        }
    }

    private ScenarioResult runOne(Ruleset ruleset, YamlDocument doc, int index) {
        String path = "$[" + index + "]";
        JsonNode node = doc.root().get(index);
        String name = node.path("name").asText();
        int line = doc.line(path);
        EvaluationRequest request;
        try {
            request = MAPPER.treeToValue(node.get("given"), EvaluationRequest.class);
        } catch (Exception e) {
            return new ScenarioResult(doc.file(), line, name, List.of("'given' is not a valid request: "
                    + e.getMessage().lines().findFirst().orElse("")), List.of());
        }
        EvaluationResult result;
        try {
            result = evaluator.evaluate(ruleset, request, planEvery ? Advice.NEXT_STEPS : advice(node.get("expect")));
        } catch (RuntimeException e) {
            return new ScenarioResult(doc.file(), line, name, List.of("the evaluation failed: " + e.getMessage()),
                    List.of());
        }
        List<String> failures = new ArrayList<>();
        Expectations.check(node.get("expect"), result, failures);
        return new ScenarioResult(doc.file(), line, name, failures, result.firedRules());
    }

    /**
     * Plans are made only for a scenario that expects something of them: nothing else a scenario can expect reads
     * them, planning comes after everything else in an evaluation, and it is most of an evaluation's time (so most of
     * a start's and a reload's). The rest of the answer, fired rules included, is the same either way.
     */
    static Advice advice(JsonNode expect) {
        return expect != null && expect.has("nextSteps") ? Advice.NEXT_STEPS : Advice.PREREQUISITES;
    }

    /** Compares one scenario's expectations with the answer; each mismatch says expected and actual. */
    static final class Expectations {

        private Expectations() {
        }

        static void check(JsonNode expect, EvaluationResult result, List<String> failures) {
            if (expect.has("eligible")) {
                Set<String> want = strings(expect.get("eligible"));
                Set<String> got = new TreeSet<>();
                result.qualifications().stream().filter(q -> q.status().name().equals("ELIGIBLE"))
                        .forEach(q -> got.add(q.code()));
                if (!want.equals(got)) {
                    failures.add("eligible: expected " + want + " but was " + got);
                }
            }
            forEach(expect.path("status"), (code, value) -> {
                String got = find(result, code).map(q -> q.status().name()).orElse("ABSENT");
                if (!got.equals(value.asText())) {
                    failures.add("status of " + code + ": expected " + value.asText() + " but was " + got);
                }
            });
            forEach(expect.path("counted"), (code, value) -> {
                Set<String> want = strings(value);
                Set<String> got = find(result, code).map(q -> (Set<String>) q.requirement().countedCredentials())
                        .orElse(Set.of());
                if (!want.equals(got)) {
                    failures.add("counted towards " + code + ": expected " + want + " but was " + got);
                }
            });
            forEach(expect.path("missing"), (code, value) -> {
                List<String> got = find(result, code).map(q -> {
                    List<String> all = missing(q.requirement(), new ArrayList<>());
                    if (q.prerequisitesMissing() != null) {
                        all.addAll(q.prerequisitesMissing());
                    }
                    return all;
                }).orElse(List.of());
                for (String text : strings(value)) {
                    if (got.stream().noneMatch(m -> m.contains(text))) {
                        failures.add("missing for " + code + ": expected a mention of \"" + text + "\" but was "
                                + got);
                    }
                }
            });
            forEach(expect.path("remainingHours"), (code, value) -> {
                Double got = find(result, code).map(QualificationResult::remainingHours).orElse(null);
                if (got == null || Math.abs(got - value.asDouble()) > 1e-6) {
                    failures.add("remaining hours for " + code + ": expected " + value.asDouble() + " but was " + got);
                }
            });
            forEach(expect.path("credits"), (code, value) -> {
                Double got = find(result, code).map(q -> q.credits().stream()
                        .mapToDouble(EvaluationResult.CreditTotal::credits).sum()).orElse(null);
                if (got == null || Math.abs(got - value.asDouble()) > 1e-6) {
                    failures.add("credits counted towards " + code + ": expected " + value.asDouble() + " but was "
                            + got);
                }
            });
            for (JsonNode e : expect.path("excluded")) {
                String code = e.path("code").asText();
                String rule = e.hasNonNull("rule") ? e.get("rule").asText() : null;
                String qual = e.hasNonNull("qualification") ? e.get("qualification").asText() : null;
                boolean found = result.excluded().stream().anyMatch(x -> x.code().equals(code)
                        && (rule == null || rule.equals(x.ruleId()))
                        && (qual == null || qual.equals(x.qualification())));
                if (!found) {
                    failures.add("excluded: expected " + code + (rule == null ? "" : " by " + rule)
                            + (qual == null ? "" : " from " + qual) + " but exclusions were "
                            + result.excluded().stream().map(x -> x.code() + " by " + x.ruleId()
                            + (x.qualification() == null ? "" : " from " + x.qualification())).toList());
                }
            }
            for (String code : strings(expect.path("notExcluded"))) {
                result.excluded().stream().filter(x -> x.code().equals(code)).findFirst().ifPresent(x ->
                        failures.add("notExcluded: " + code + " was excluded by " + x.ruleId() + ": " + x.reason()));
            }
            for (String id : strings(expect.path("fired"))) {
                if (!result.firedRules().contains(id)) {
                    failures.add("fired: expected " + id + " to fire; fired were " + result.firedRules());
                }
            }
            forEach(expect.path("recognition"), (institution, byCode) -> forEach(byCode, (code, value) -> {
                String got = result.credit().institutions().stream()
                        .filter(i -> i.institution().equals(institution))
                        .flatMap(i -> i.credentials().stream()).filter(o -> o.code().equals(code))
                        .map(o -> o.outcome() + " (" + o.reason() + ")").findFirst().orElse("ABSENT");
                if (!got.startsWith(value.asText() + " ")) {
                    failures.add("recognition of " + code + " at " + institution + ": expected " + value.asText()
                            + " but was " + got);
                }
            }));
            forEach(expect.path("recognisedCredits"), (institution, value) -> {
                double got = result.credit().institutions().stream().filter(i -> i.institution().equals(institution))
                        .flatMap(i -> i.recognised().stream()).mapToDouble(EvaluationResult.LevelledTotal::credits)
                        .sum();
                if (Math.abs(got - value.asDouble()) > 1e-6) {
                    failures.add("credits recognised at " + institution + ": expected " + value.asDouble()
                            + " but was " + got);
                }
            });
            forEach(expect.path("units"), (key, value) -> {
                String[] parts = key.split("/", 2);
                Double got = find(result, parts[0]).flatMap(q -> requirement(q.requirement(), parts.length > 1
                        ? parts[1] : "")).map(RequirementResult::counted).orElse(null);
                if (got == null || Math.abs(got - value.asDouble()) > 1e-6) {
                    failures.add("units counted by " + key + ": expected " + value.asDouble() + " but was " + got);
                }
            });
            forEach(expect.path("rplLeftOut"), (code, value) -> {
                Set<String> got = new TreeSet<>();
                find(result, code).ifPresent(q -> q.rplLeftOut().forEach(l -> got.add(l.code())));
                if (!new TreeSet<>(strings(value)).equals(got)) {
                    failures.add("left out of " + code + " by the RPL cap: expected " + strings(value) + " but was "
                            + got);
                }
            });
            forEach(expect.path("nextSteps"), (code, value) -> {
                var step = result.nextSteps().stream().filter(s -> s.qualification().equals(code)).findFirst();
                if (step.isEmpty()) {
                    failures.add("next steps to " + code + ": expected a plan but there was none; plans were for "
                            + result.nextSteps().stream().map(EvaluationResult.NextStep::qualification).toList());
                    return;
                }
                Set<String> codes = new TreeSet<>();
                step.get().steps().forEach(s -> codes.add(s.code()));
                if (value.has("steps") && !new TreeSet<>(strings(value.get("steps"))).equals(codes)) {
                    failures.add("next steps to " + code + ": expected " + strings(value.get("steps")) + " but was "
                            + step.get().steps().stream().map(EvaluationResult.Step::code).toList());
                }
                if (value.has("hours") && Math.abs(step.get().hours() - value.get("hours").asDouble()) > 1e-6) {
                    failures.add("hours of the plan to " + code + ": expected " + value.get("hours").asDouble()
                            + " but was " + step.get().hours());
                }
                if (value.has("rank") && step.get().rank() != value.get("rank").asInt()) {
                    failures.add("rank of the plan to " + code + ": expected " + value.get("rank").asInt()
                            + " but was " + step.get().rank());
                }
            });
            for (String code : strings(expect.path("available"))) {
                if (result.prerequisites().available().stream().noneMatch(a -> a.code().equals(code))) {
                    failures.add("available: expected " + code + " to be startable now; blocked were "
                            + result.prerequisites().blocked());
                }
            }
            forEach(expect.path("blocked"), (code, value) -> {
                var blocked = result.prerequisites().blocked().stream().filter(b -> b.code().equals(code))
                        .findFirst();
                if (blocked.isEmpty()) {
                    failures.add("blocked: expected " + code + " to be blocked but it was not");
                    return;
                }
                for (String text : strings(value)) {
                    if (blocked.get().missing().stream().noneMatch(m -> m.contains(text))) {
                        failures.add("blocked " + code + ": expected a mention of \"" + text + "\" but was "
                                + blocked.get().missing());
                    }
                }
            });
            if (expect.has("dependsOnHypothetical")) {
                Set<String> got = new TreeSet<>();
                result.qualifications().stream().filter(QualificationResult::dependsOnHypothetical)
                        .forEach(q -> got.add(q.code()));
                if (!new TreeSet<>(strings(expect.get("dependsOnHypothetical"))).equals(got)) {
                    failures.add("dependsOnHypothetical: expected " + strings(expect.get("dependsOnHypothetical"))
                            + " but was " + got);
                }
            }
            for (String id : strings(expect.path("notFired"))) {
                if (result.firedRules().contains(id)) {
                    failures.add("notFired: " + id + " fired");
                }
            }
        }

        private static java.util.Optional<QualificationResult> find(EvaluationResult result, String code) {
            return result.qualifications().stream().filter(q -> q.code().equals(code)).findFirst();
        }

        private static java.util.Optional<RequirementResult> requirement(RequirementResult r, String id) {
            if (r.id().equals(id)) {
                return java.util.Optional.of(r);
            }
            if (r.children() != null) {
                for (RequirementResult c : r.children()) {
                    var found = requirement(c, id);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return java.util.Optional.empty();
        }

        private static List<String> missing(RequirementResult r, List<String> into) {
            if (r.missing() != null) {
                into.add(r.missing());
            }
            if (r.children() != null) {
                r.children().forEach(c -> missing(c, into));
            }
            return into;
        }

        private static Set<String> strings(JsonNode array) {
            Set<String> out = new LinkedHashSet<>();
            array.forEach(n -> out.add(n.asText()));
            return out;
        }

        private static void forEach(JsonNode object, java.util.function.BiConsumer<String, JsonNode> action) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                action.accept(e.getKey(), Objects.requireNonNull(e.getValue()));
            }
        }
    }
}
