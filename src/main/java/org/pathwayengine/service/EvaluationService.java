package org.pathwayengine.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.evaluation.Evaluator;
import org.pathwayengine.evaluation.HeldCredential;
import org.pathwayengine.evaluation.RulesDidNotSettleException;
import org.pathwayengine.evaluation.SearchSizes;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Checks a request beyond its shape, evaluates it on the current ruleset snapshot and records it.
 */
@ApplicationScoped
public class EvaluationService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EvaluationService.class);

    private final RulesetHolder rulesets;
    private final Recorder recorder;
    private final Evaluator evaluator;

    private final LearnerRecords records;
    private final MeterRegistry meters;

    /**
     * Benchmarks only (bench/recheck.sh): re-check jobs skip the engine and record an answer with no
     * qualifications, so that a re-check does the same reads and writes without the evaluation.
     */
    private final boolean noopEvaluator;

    public EvaluationService(RulesetHolder rulesets, Recorder recorder, LearnerRecords records,
                             MeterRegistry meters, CredentialLookups lookups,
                             @org.eclipse.microprofile.config.inject.ConfigProperty(
                                     name = "pathways.bench.noop-evaluator", defaultValue = "false")
                             boolean noopEvaluator) {
        this.rulesets = rulesets;
        this.recorder = recorder;
        this.records = records;
        this.meters = meters;
        this.noopEvaluator = noopEvaluator;
        this.evaluator = new Evaluator(Clock.systemUTC(), lookups);
        // Counted from the start, at 0, so that an alert on their rate has a series before the first increment.
        meters.counter("pathways.evaluations.not.planned");
        meters.counter("pathways.evaluations.not.recorded");
        if (noopEvaluator) {
            LOG.warn("pathways.bench.noop-evaluator is on: re-check jobs record empty answers instead of evaluating."
                    + " This is for benchmarks only; never run a service this way.");
        }
    }

    /**
     * Evaluates and records, measured: {@code pathways_evaluations_seconds} by outcome (answered; rules_failed
     * when the rules did not settle; failed otherwise, a defect or a learner deleted meanwhile), next steps or not, and whether it was of a stored record;
     * {@code pathways_evaluations_not_planned_total} counts qualifications left without a plan, and
     * {@code pathways_evaluations_not_recorded_total} answers that could not be stored.
     */
    private EvaluationResult measured(Ruleset ruleset, EvaluationRequest request, boolean advise, boolean ofRecord) {
        return measured(ruleset, request, advise, ofRecord, null, false);
    }

    /**
     * @param read  when the evaluation is of a stored record, the record's last change as read: statuses are set
     *              (and changes announced) only if the record has not changed since
     * @param noop  record an empty answer instead of evaluating (benchmarks only, see noopEvaluator)
     */
    private EvaluationResult measured(Ruleset ruleset, EvaluationRequest request, boolean advise, boolean ofRecord,
                                      java.time.Instant read, boolean noop) {
        long started = System.nanoTime();
        String outcome = "answered";
        EvaluationResult result = null;
        SearchSizes sizes = new SearchSizes();
        try {
            EvaluationResult answer = noop
                    ? new EvaluationResult(null, false, null, java.time.Instant.now(), ruleset.version(),
                    request.asOf() != null ? request.asOf() : java.time.LocalDate.now(java.time.ZoneOffset.UTC),
                    request.learner(), List.of(), List.of(), List.of(), List.of(), null, null, null, null)
                    : evaluator.evaluate(ruleset, request, advise, sizes);
            if (!noop) {
                searched(sizes, advise);
            }
            result = recorder.record(ruleset, request, answer, ofRecord, read);
            DistributionSummary.builder("pathways.evaluation.rules.fired")
                    .description("Distinct rules that fired in one evaluation (the engine's and the policies')")
                    .register(meters).record(result.firedRules().size());
            if (result.notPlanned() != null) {
                meters.counter("pathways.evaluations.not.planned").increment(result.notPlanned().size());
            }
            if (!result.recorded() && recorder.configured()) {
                meters.counter("pathways.evaluations.not.recorded").increment();
            }
            return result;
        } catch (RulesDidNotSettleException e) {
            outcome = "rules_failed";
            throw e;
        } catch (RuntimeException | Error e) {
            outcome = "failed";
            throw e;
        } finally {
            Timer.builder("pathways.evaluations")
                    .description("Evaluations, from the request's check to the answer recorded")
                    .tag("outcome", outcome).tag("next_steps", Boolean.toString(advise))
                    .tag("of_record", Boolean.toString(ofRecord))
                    .publishPercentileHistogram()
                    .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            logEvaluation(ruleset, outcome, result, ofRecord, advise, System.nanoTime() - started);
        }
    }

    /**
     * How much one evaluation searched: {@code pathways_evaluation_allocations}, {@code
     * pathways_evaluation_allocation_nodes} and, with next steps, {@code pathways_evaluation_planning_goal_tests},
     * each a distribution per evaluation (count, sum, max and buckets by powers of ten), tagged by whether next steps
     * were planned. These grow with the catalog before the latency shows it.
     */
    private void searched(SearchSizes sizes, boolean advise) {
        String nextSteps = Boolean.toString(advise);
        DistributionSummary.builder("pathways.evaluation.allocations")
                .description("Exact allocations one evaluation ran (assessments and the planner's goal tests)")
                .tag("next_steps", nextSteps).serviceLevelObjectives(DECADES)
                .register(meters).record(sizes.allocations());
        DistributionSummary.builder("pathways.evaluation.allocation.nodes")
                .description("Branch-and-bound nodes one evaluation's allocations explored")
                .tag("next_steps", nextSteps).serviceLevelObjectives(DECADES)
                .register(meters).record(sizes.allocationNodes());
        if (advise) {
            DistributionSummary.builder("pathways.evaluation.planning.goal.tests")
                    .description("Sets of catalog credentials one evaluation's next-step planning tested")
                    .serviceLevelObjectives(DECADES)
                    .register(meters).record(sizes.planningGoalTests());
        }
    }

    /** Bucket bounds of the search sizes: powers of ten, a dozen series each rather than Micrometer's 276. */
    private static final double[] DECADES = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    /** One line per evaluation, for operators: what and how long, never whom. */
    private static final org.jboss.logging.Logger EVALUATIONS =
            org.jboss.logging.Logger.getLogger("org.pathwayengine.evaluations");

    /**
     * Logs one evaluation: its recorded id (when recorded), the ruleset version, the outcome and the time, also as
     * fields of a JSON log line. The learner is not named: the log outlives a learner's deletion, and the recorded
     * id leads a registrar to the learner while the record exists.
     */
    private static void logEvaluation(Ruleset ruleset, String outcome, EvaluationResult result, boolean ofRecord,
                                      boolean advise, long nanos) {
        if (!EVALUATIONS.isInfoEnabled()) {
            return;
        }
        String ms = String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
        String id = result == null || result.id() == null ? "-" : result.id().toString();
        org.jboss.logging.MDC.put("evaluation", id);
        org.jboss.logging.MDC.put("rulesetVersion", ruleset.version());
        org.jboss.logging.MDC.put("outcome", outcome);
        org.jboss.logging.MDC.put("durationMs", ms);
        try {
            EVALUATIONS.infof("Evaluation %s on ruleset %s: %s in %s ms (%s, %s)", id, ruleset.version(), outcome, ms,
                    ofRecord ? "of a stored record" : "of a request", advise ? "with next steps" : "eligibility only");
        } finally {
            org.jboss.logging.MDC.remove("evaluation");
            org.jboss.logging.MDC.remove("rulesetVersion");
            org.jboss.logging.MDC.remove("outcome");
            org.jboss.logging.MDC.remove("durationMs");
        }
    }

    /**
     * Evaluates what a stored learner record holds now, as of {@code asOf} (null: today), and records the answer in
     * the learner's history.
     */
    public EvaluationResult evaluateRecord(String learner, java.time.LocalDate asOf, boolean advise) {
        return evaluateRecord(learner, asOf, advise, false);
    }

    /**
     * A re-check job's evaluation of a stored record: as of today, without next steps; with the benchmark's no-op
     * evaluator on, an empty answer is recorded instead.
     */
    public EvaluationResult recheck(String learner) {
        return evaluateRecord(learner, null, false, noopEvaluator);
    }

    private EvaluationResult evaluateRecord(String learner, java.time.LocalDate asOf, boolean advise, boolean noop) {
        LearnerRecords.Learner record = records.find(learner);
        // The learner's standing exceptions travel in the request, so the recorded answer replays with them.
        EvaluationRequest request = new EvaluationRequest(learner, asOf, record.held(), List.of(),
                records.standing(learner));
        check(request);
        Ruleset ruleset = rulesets.require();
        return measured(ruleset, request, advise, true, record.updatedAt(), noop);
    }

    /**
     * After a learner's record changed: evaluates it (eligibility only) and records the answer, so that a change of
     * eligibility joins the history and is announced at once. The record is already written, so a failure here
     * fails nothing: {@link StatusCatchUp} evaluates it later.
     *
     * @return whether the evaluation was made and recorded
     */
    public boolean reevaluate(String learner) {
        if (!canEvaluate()) {
            return false;
        }
        try {
            return evaluateRecord(learner, null, false).recorded();
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warnf("A changed learner record was not evaluated: %s", e.getClass().getName());
            return false;
        }
    }

    /** Whether a ruleset is loaded to evaluate with. */
    public boolean canEvaluate() {
        return rulesets.loaded().isPresent();
    }

    public EvaluationResult evaluate(EvaluationRequest request) {
        return evaluate(request, true);
    }

    /** @param advise whether to plan next steps (see {@link Evaluator#evaluate(Ruleset, EvaluationRequest, boolean)}) */
    public EvaluationResult evaluate(EvaluationRequest request, boolean advise) {
        return evaluate(request, advise, false);
    }

    /**
     * @param openBadges add to each eligible qualification that stands the unsigned Open Badges 3.0
     *                   AchievementCredential its awarding body would issue (not recorded: it follows from the
     *                   recorded answer and the ruleset version)
     */
    public EvaluationResult evaluate(EvaluationRequest request, boolean advise, boolean openBadges) {
        check(request);
        Ruleset ruleset = rulesets.require();
        EvaluationResult answer = measured(ruleset, request, advise, false);
        return openBadges ? org.pathwayengine.evaluation.OpenBadgeAwards.attach(ruleset, answer) : answer;
    }

    /** Dates outside these bounds are typing mistakes, and date arithmetic on them would overflow. */
    static final java.time.LocalDate EARLIEST = java.time.LocalDate.of(1900, 1, 1);
    static final java.time.LocalDate LATEST = java.time.LocalDate.of(2199, 12, 31);

    /** Checks that need more than one field or a range: duplicates, date order and plausible dates. */
    static void check(EvaluationRequest request) {
        List<Problem.Violation> violations = violations(request);
        if (!violations.isEmpty()) {
            String detail = violations.size() == 1 ? violations.get(0).field() + ": " + violations.get(0).message()
                    : violations.size() + " fields are invalid; see violations";
            throw new ProblemException(ProblemType.INVALID_REQUEST, detail, violations);
        }
    }

    /**
     * What no single field's constraint can say, as field and reason; the command line reports the same
     * findings at their line in a learner file.
     */
    public static List<Problem.Violation> violations(EvaluationRequest request) {
        List<Problem.Violation> violations = new ArrayList<>();
        Map<String, String> first = new HashMap<>();
        List<HeldCredential> all = new ArrayList<>(request.held());
        all.addAll(request.hypothetical());
        for (int i = 0; i < all.size(); i++) {
            HeldCredential h = all.get(i);
            String field = i < request.held().size() ? "held[" + i + "]"
                    : "hypothetical[" + (i - request.held().size()) + "]";
            if (h.isPresented()) {
                if (i >= request.held().size()) {
                    violations.add(new Problem.Violation(field + ".verifiableCredential", "a what-if credential is"
                            + " named by its catalog code; only held credentials are given as verifiable credentials"));
                }
                continue;
            }
            String earlier = h.code() == null ? null : first.putIfAbsent(h.code(), field);
            if (earlier != null) {
                violations.add(new Problem.Violation(field + ".code",
                        "'" + h.code() + "' is already listed at " + earlier + "; list each credential once"));
            }
            outOfRange(field + ".awarded", h.awarded(), violations);
            outOfRange(field + ".expires", h.expires(), violations);
            if (h.expires() != null && h.awarded() != null && h.expires().isBefore(h.awarded())) {
                violations.add(new Problem.Violation(field + ".expires", "is before the award date " + h.awarded()));
            }
        }
        outOfRange("asOf", request.asOf(), violations);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < request.exceptions().size(); i++) {
            violations.addAll(exceptionViolations(request.exceptions().get(i), "exceptions[" + i + "]."));
            Integer earlier = ids.putIfAbsent(request.exceptions().get(i).id(), i);
            if (earlier != null) {
                violations.add(new Problem.Violation("exceptions[" + i + "].id", "'" + request.exceptions().get(i).id()
                        + "' is already the id of exceptions[" + earlier + "]; each exception needs its own"));
            }
        }
        return violations;
    }

    /**
     * What an exception to be recorded names that the served rules do not have: a qualification, a requirement of
     * it, a substitute credential. (A held credential it names may arrive later, so it is not checked.)
     */
    public List<Problem.Violation> unknownTo(org.pathwayengine.evaluation.GrantedException e) {
        Ruleset ruleset = rulesets.require();
        List<Problem.Violation> out = new ArrayList<>();
        if (e.qualification() != null) {
            org.pathwayengine.model.Award award = ruleset.awards().get(e.qualification());
            if (award == null) {
                out.add(new Problem.Violation("qualification", "is not a qualification of the served rules"));
            } else if (e.requirement() != null && org.pathwayengine.evaluation.Evaluator.requirement(award,
                    e.requirement()) == null) {
                out.add(new Problem.Violation("requirement", "is not a requirement of " + e.qualification()
                        + "; its requirements are " + String.join(", ",
                        org.pathwayengine.evaluation.Evaluator.requirementIds(award))));
            }
        }
        if (e.substitute() != null && !ruleset.catalog().microcredentials().containsKey(e.substitute())) {
            out.add(new Problem.Violation("substitute", "is not in the served catalog"));
        }
        return out;
    }

    /** What an exception's kind asks of its fields, and plausible dates, with {@code prefix} before each field. */
    public static List<Problem.Violation> exceptionViolations(org.pathwayengine.evaluation.GrantedException e,
                                                              String prefix) {
        List<Problem.Violation> out = new ArrayList<>();
        e.violations(prefix).forEach(v -> out.add(new Problem.Violation(v[0], v[1])));
        outOfRange(prefix + "until", e.until(), out);
        outOfRange(prefix + "expires", e.expires(), out);
        outOfRange(prefix + "granted", e.granted(), out);
        return out;
    }

    private static void outOfRange(String field, java.time.LocalDate date, List<Problem.Violation> into) {
        if (date != null && (date.isBefore(EARLIEST) || date.isAfter(LATEST))) {
            into.add(new Problem.Violation(field, "must be between " + EARLIEST + " and " + LATEST));
        }
    }
}
