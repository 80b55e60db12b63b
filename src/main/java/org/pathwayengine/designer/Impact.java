package org.pathwayengine.designer;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.pathwayengine.catalog.Numbers;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.evaluation.Evaluator;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.PathwayResolver;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The effect of a rule change before it goes live: the same learners evaluated on the ruleset being served and on
 * the changed one, and every outcome that differs, learner by learner, with the status moves counted per
 * qualification. Both sides run on the same clock, so only the rules differ.
 */
public final class Impact {

    /** One learner to try the change on, named so a designer can find it (a scenario, a file, a record). */
    public record Learner(String name, EvaluationRequest request) {
    }

    /** One outcome that differs: which qualification (or none), which aspect, and before and after in words. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(
            @Schema(description = "The qualification concerned; absent for a change about a credential.")
            String qualification,
            @Schema(description = "status, counted, credits, remainingHours, prerequisitesMissing, nextStep or"
                    + " excluded.")
            String aspect,
            String before,
            String after) {
    }

    /** A learner whose outcome the change moves. */
    public record LearnerImpact(String learner, List<Change> changes) {
    }

    /** How many learners a qualification's status moves from one value to another. */
    public record Move(String qualification, String from, String to, int learners) {
    }

    /** The effect of a rule change on a set of learners. */
    @Schema(description = "The effect of a rule change on a set of learners.")
    public record Report(
            @Schema(description = "Version of the rules before the change (the one being served).")
            String before,
            @Schema(description = "Version of the changed rules.")
            String after,
            @Schema(description = "Where the learners came from, in words.")
            List<String> sources,
            @Schema(description = "How many learners were evaluated on both.")
            int learners,
            @Schema(description = "Status moves per qualification, most learners first.")
            List<Move> moves,
            @Schema(description = "Each learner whose outcome differs, with every difference; those whose status"
                    + " moves first.")
            List<LearnerImpact> changed,
            @Schema(description = "Learners that could not be evaluated on one side, with why.")
            List<String> failed) {
    }

    private Impact() {
    }

    /**
     * Every scenario's learner in both rulesets, once: a scenario kept as it was is tried once; one whose learner
     * the change rewrote is tried in both forms.
     */
    public static List<Learner> scenarioLearners(Ruleset before, Ruleset after) {
        Map<String, Learner> out = new LinkedHashMap<>();
        for (Ruleset side : List.of(before, after)) {
            for (ScenarioRunner.ScenarioLearner s : ScenarioRunner.learners(side)) {
                Learner existing = out.get(s.name());
                if (existing == null) {
                    out.put(s.name(), new Learner(s.name(), s.request()));
                } else if (!existing.request().equals(s.request())) {
                    String name = s.name() + " (as the changed rules write it)";
                    out.put(name, new Learner(name, s.request()));
                }
            }
        }
        return List.copyOf(out.values());
    }

    public static Report compare(Ruleset before, Ruleset after, List<String> sources, List<Learner> learners,
                                 Clock clock) {
        if (before.version().equals(after.version())) {
            // The same files give the same answers (evaluation is deterministic): nothing to replay.
            return new Report(before.version(), after.version(), List.copyOf(sources), learners.size(), List.of(),
                    List.of(), List.of());
        }
        Evaluator evaluator = new Evaluator(clock);
        List<LearnerImpact> changed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Map<List<String>, Integer> moves = new LinkedHashMap<>();
        for (Learner learner : learners) {
            EvaluationResult was;
            EvaluationResult now;
            try {
                was = evaluator.evaluate(before, learner.request());
                now = evaluator.evaluate(after, learner.request());
            } catch (RuntimeException e) {
                failed.add(learner.name() + ": " + e.getMessage());
                continue;
            }
            List<Change> changes = differences(was, now);
            if (!changes.isEmpty()) {
                changed.add(new LearnerImpact(learner.name(), changes));
                changes.stream().filter(c -> c.aspect().equals("status"))
                        .forEach(c -> moves.merge(List.of(c.qualification(), c.before(), c.after()), 1, Integer::sum));
            }
        }
        // Learners whose status moves first: those are the outcomes a registrar would be asked about.
        changed.sort(java.util.Comparator.comparing((LearnerImpact l) -> l.changes().stream()
                .noneMatch(c -> c.aspect().equals("status"))));
        List<Move> moved = new ArrayList<>();
        moves.forEach((k, n) -> moved.add(new Move(k.get(0), k.get(1), k.get(2), n)));
        moved.sort(java.util.Comparator.comparingInt(Move::learners).reversed().thenComparing(Move::qualification)
                .thenComparing(Move::from).thenComparing(Move::to));
        return new Report(before.version(), after.version(), List.copyOf(sources), learners.size(), moved, changed,
                failed);
    }

    /** Every outcome that differs between two answers to the same request. */
    static List<Change> differences(EvaluationResult was, EvaluationResult now) {
        List<Change> out = new ArrayList<>();
        Map<String, QualificationResult> before = byCode(was);
        Map<String, QualificationResult> after = byCode(now);
        Set<String> codes = new TreeSet<>(before.keySet());
        codes.addAll(after.keySet());
        for (String code : codes) {
            QualificationResult b = before.get(code);
            QualificationResult a = after.get(code);
            compare(out, code, "status", b, a, q -> q.status().name(), "not considered");
            compare(out, code, "counted", b, a, q -> String.join(", ", q.requirement().countedCredentials()),
                    "");
            compare(out, code, "credits", b, a, q -> q.credits().stream()
                    .map(c -> Numbers.plain(c.credits()) + " " + c.framework()).reduce((x, y) -> x + ", " + y).orElse(""), "");
            compare(out, code, "remainingHours", b, a, q -> Numbers.plain(q.remainingHours()), "");
            compare(out, code, "prerequisitesMissing", b, a, q -> q.prerequisitesMissing() == null ? ""
                    : String.join("; ", q.prerequisitesMissing()), "");
            String stepBefore = nextStep(was, code);
            String stepAfter = nextStep(now, code);
            if (!stepBefore.equals(stepAfter)) {
                out.add(new Change(code, "nextStep", blankAsNone(stepBefore), blankAsNone(stepAfter)));
            }
        }
        Set<String> excludedBefore = exclusions(was);
        Set<String> excludedAfter = exclusions(now);
        for (String e : excludedBefore) {
            if (!excludedAfter.contains(e)) {
                out.add(new Change(null, "excluded", e, "no longer"));
            }
        }
        for (String e : excludedAfter) {
            if (!excludedBefore.contains(e)) {
                out.add(new Change(null, "excluded", "not", e));
            }
        }
        return out;
    }

    private static void compare(List<Change> out, String code, String aspect, QualificationResult b,
                                QualificationResult a, Function<QualificationResult, String> value, String absent) {
        String before = b == null ? absent : value.apply(b);
        String after = a == null ? absent : value.apply(a);
        if (!Objects.equals(before, after)) {
            out.add(new Change(code, aspect, blankAsNone(before), blankAsNone(after)));
        }
    }

    private static Map<String, QualificationResult> byCode(EvaluationResult r) {
        Map<String, QualificationResult> out = new TreeMap<>();
        r.qualifications().forEach(q -> out.put(q.code(), q));
        return out;
    }

    private static String nextStep(EvaluationResult r, String code) {
        return r.nextSteps().stream().filter(s -> s.qualification().equals(code)).findFirst()
                .map(s -> Numbers.plain(s.hours()) + " hours: " + String.join(", ",
                        s.steps().stream().map(EvaluationResult.Step::code).toList()))
                .orElse("");
    }

    private static Set<String> exclusions(EvaluationResult r) {
        Set<String> out = new TreeSet<>();
        r.excluded().forEach(e -> out.add(e.code() + " by " + e.ruleId()
                + (e.qualification() == null ? "" : " from " + e.qualification())));
        return out;
    }

    private static String blankAsNone(String s) {
        return s.isEmpty() ? "none" : s;
    }
}
