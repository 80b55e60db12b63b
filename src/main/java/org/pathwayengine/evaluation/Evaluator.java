package org.pathwayengine.evaluation;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.GradeScale;
import org.pathwayengine.credit.CreditModel;
import org.pathwayengine.catalog.Filter;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.catalog.QualificationEntry;
import org.pathwayengine.credit.RecognitionFile;
import org.pathwayengine.credit.Recognizer;
import org.pathwayengine.evaluation.EvaluationResult.ExcludedCredential;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.facts.Candidate;
import org.pathwayengine.facts.Evaluation;
import org.pathwayengine.facts.Excluded;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Qualification;
import org.pathwayengine.facts.Recognition;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.RequirementTree;
import org.pathwayengine.model.Ruleset;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates a learner's credentials against one ruleset snapshot: intake, Drools (what may count where, and what
 * institutions recognise), the exact allocator per qualification (what does count where), credit, prerequisites
 * and next steps. Plain Java: the service, the command line and the scenario tests all call this one class.
 */
public final class Evaluator {

    /** Firings allowed per evaluation before the policy rules are judged to loop. */
    static final int MAX_FIRINGS = 100_000;
    /**
     * The id prefix of the engine's own rules (engine.drl), whose firings are bounded by the facts; the ruleset check
     * refuses it on any other rule, so a policy cannot pass for one (a package name could be copied).
     */
    private static final String ENGINE_ID_PREFIX = "SYS-";
    /**
     * Wall-clock time the rules may take for one evaluation (or one scenario). Consequences cannot loop (the
     * ruleset check refuses it), so the time between firings is short and checking after each firing bounds it.
     */
    public static final java.time.Duration RULE_TIME_LIMIT = java.time.Duration.ofSeconds(5);
    /** Search nodes the allocator may explore per qualification before it settles for the best found. */
    static final long ALLOCATION_BUDGET = 200_000;
    private static final Set<String> UNASSESSED = Set.of("none", "attendance");

    private final Clock clock;
    private final java.time.Duration ruleTimeLimit;
    private final int maxFirings;
    private final long planningBudget;
    private final boolean weighEveryProspect;
    // Where status lists the trust registry does not hold may be looked up; NONE offline.
    private org.pathwayengine.credentials.Lookup lookup = org.pathwayengine.credentials.Lookup.NONE;

    public Evaluator(Clock clock) {
        this(clock, Advisor.EVALUATION_PLAN_BUDGET, RULE_TIME_LIMIT, MAX_FIRINGS);
    }

    /**
     * @param lookup where verifiable credentials' status lists that the rules do not hold may be looked up (the
     *               service's allow-listed, bounded, cached look-up); everything else stays offline
     */
    public Evaluator(Clock clock, org.pathwayengine.credentials.Lookup lookup) {
        this(clock);
        this.lookup = lookup;
    }

    /** @param ruleTimeLimit how long the rules may run for one evaluation before it fails as rules-failed */
    public Evaluator(Clock clock, java.time.Duration ruleTimeLimit) {
        this(clock, Advisor.EVALUATION_PLAN_BUDGET, ruleTimeLimit, MAX_FIRINGS);
    }

    /** With a planning budget other than the service's, for tests of what happens when it runs out. */
    Evaluator(Clock clock, long planningBudget) {
        this(clock, planningBudget, RULE_TIME_LIMIT, MAX_FIRINGS);
    }

    /** With other rule bounds, for tests of what happens at each. */
    Evaluator(Clock clock, long planningBudget, java.time.Duration ruleTimeLimit, int maxFirings) {
        this(clock, planningBudget, ruleTimeLimit, maxFirings, false);
    }

    /**
     * @param weighEveryProspect weigh every prospective credential, interchangeable ones too (see {@link Prospects}),
     *                           for tests that the answers are the same either way
     */
    Evaluator(Clock clock, long planningBudget, java.time.Duration ruleTimeLimit, int maxFirings,
              boolean weighEveryProspect) {
        this.clock = clock;
        this.planningBudget = planningBudget;
        this.ruleTimeLimit = ruleTimeLimit;
        this.maxFirings = maxFirings;
        this.weighEveryProspect = weighEveryProspect;
    }

    public EvaluationResult evaluate(Ruleset ruleset, EvaluationRequest request) {
        return evaluate(ruleset, request, true);
    }

    /**
     * @param advise whether to plan next steps and list what the learner may start ({@code nextSteps},
     *               {@code notPlanned}, {@code prerequisites}); without, the catalog's other credentials are never
     *               weighed, and everything else in the answer is the same (firedRules lists only the rules that
     *               fired on the learner's own credentials)
     */
    public EvaluationResult evaluate(Ruleset ruleset, EvaluationRequest request, boolean advise) {
        return evaluate(ruleset, request, advise, new SearchSizes());
    }

    /** @param sizes where the evaluation adds up how much it searched (allocations, planning), for metrics */
    public EvaluationResult evaluate(Ruleset ruleset, EvaluationRequest request, boolean advise, SearchSizes sizes) {
        return evaluate(ruleset, request, Advice.of(advise), sizes);
    }

    /** @param advice how much to advise beside the answer, which is the same whatever is chosen here */
    public EvaluationResult evaluate(Ruleset ruleset, EvaluationRequest request, Advice advice) {
        return evaluate(ruleset, request, advice, new SearchSizes());
    }

    private EvaluationResult evaluate(Ruleset ruleset, EvaluationRequest request, Advice advice, SearchSizes sizes) {
        if (!BadgeIntake.presents(request)) {
            return evaluate(ruleset, request, advice, sizes, Provenance.NONE);
        }
        LocalDate asOf = request.asOf() != null ? request.asOf() : LocalDate.now(clock);
        // Verified now for today's answer; for an answer as of another day, as at the end of that day.
        Instant at = asOf.equals(LocalDate.now(clock)) ? clock.instant()
                : asOf.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().minusSeconds(1);
        List<Integer> positions = new ArrayList<>();
        List<org.pathwayengine.facts.Presented> presented = new ArrayList<>();
        List<EvaluationResult.PresentedCredential> outcomes = new ArrayList<>();
        EvaluationRequest admitted = intakeFor(ruleset).admit(request, positions, presented, outcomes, at);
        EvaluationResult answer = evaluate(ruleset, admitted, advice, sizes, new Provenance(positions, presented));
        Set<String> pending = new TreeSet<>();
        for (int i = 0; i < presented.size(); i++) {
            if (presented.get(i) != null && presented.get(i).pendingReview()) {
                pending.add(admitted.held().get(i).code());
            }
        }
        List<QualificationResult> marked = answer.qualifications().stream().map(q -> {
            // What it rests on: credentials counted (a substituted one shown as "X as Y" is X), and the
            // credentials its entry requirements name.
            Set<String> counted = new TreeSet<>();
            countedIn(q.requirement(), counted);
            org.pathwayengine.catalog.QualificationEntry entry = ruleset.catalog().qualifications().get(q.code());
            if (entry != null && entry.prerequisites() != null) {
                counted.addAll(entry.prerequisites().codes());
            }
            counted.retainAll(pending);
            return counted.isEmpty() ? q : q.withPendingReview(List.copyOf(counted));
        }).toList();
        return answer.withCredentials(marked, List.copyOf(outcomes));
    }

    private static void countedIn(EvaluationResult.RequirementResult r, Set<String> into) {
        if (r == null) {
            return;
        }
        if (r.credentials() != null) {
            r.credentials().forEach(c -> into.add(c.contains(" as ") ? c.substring(0, c.indexOf(" as ")) : c));
        }
        if (r.children() != null) {
            r.children().forEach(c -> countedIn(c, into));
        }
    }

    /** The intake of the last ruleset evaluated with: its verifier remembers proofs already checked. */
    private volatile BadgeIntake intake;

    private BadgeIntake intakeFor(Ruleset ruleset) {
        BadgeIntake current = intake;
        if (current == null || current.ruleset() != ruleset) {
            current = new BadgeIntake(ruleset, lookup);
            intake = current;
        }
        return current;
    }

    /**
     * Where the held credentials the engine evaluates came from: per entry, the position of the request's held entry
     * (a CLR bundle gives several) and what its verifiable credential says; empty lists when none was one.
     */
    record Provenance(List<Integer> positions, List<org.pathwayengine.facts.Presented> presented) {
        static final Provenance NONE = new Provenance(List.of(), List.of());

        int position(int i) {
            return positions.isEmpty() ? i : positions.get(i);
        }

        org.pathwayengine.facts.Presented presented(int i) {
            return presented.isEmpty() ? null : presented.get(i);
        }
    }

    private EvaluationResult evaluate(Ruleset ruleset, EvaluationRequest request, Advice advice, SearchSizes sizes,
                                      Provenance provenance) {
        LocalDate asOf = request.asOf() != null ? request.asOf() : LocalDate.now(clock);
        Exceptions exceptions = Exceptions.of(ruleset, request, asOf);
        EvaluationResult answer = evaluate(ruleset, request, advice, asOf, exceptions, sizes, provenance);
        if (request.exceptions().isEmpty()) {
            return answer;
        }
        EvaluationResult attributed = attribute(ruleset, request, asOf, exceptions, answer, sizes, provenance);
        // An exception that changes nothing (the learner meets the requirement anyway) is left out of the answer,
        // so that credentials count where they would without it; unless, left out together, they do change
        // something (two waivers of a choice's options, each redundant alone), in which case all stay.
        List<String> idle = attributed.exceptions().stream().filter(o -> o.effect().equals("NO_EFFECT"))
                .map(EvaluationResult.ExceptionOutcome::id).toList();
        if (idle.isEmpty()) {
            return attributed;
        }
        List<GrantedException> needed = exceptions.applied().stream().filter(e -> !idle.contains(e.id())).toList();
        EvaluationRequest without = request.withExceptions(needed);
        EvaluationResult natural = evaluate(ruleset, without, advice, asOf, Exceptions.of(ruleset, without, asOf),
                sizes, provenance);
        if (!outcomes(natural).equals(outcomes(answer))) {
            return attributed.withExceptions(attributed.qualifications(), attributed.exceptions().stream()
                    .map(o -> !idle.contains(o.id()) ? o : new EvaluationResult.ExceptionOutcome(o.id(), o.kind(),
                            "CHANGED", List.of(), "changes nothing on its own, but is needed together with "
                            + String.join(", ", idle.stream().filter(x -> !x.equals(o.id())).toList())
                            + ": without all of them the outcome differs")).toList());
        }
        Map<String, List<String>> changedBy = new LinkedHashMap<>();
        attributed.qualifications().forEach(q -> changedBy.put(q.code(), q.exceptions() == null ? List.of()
                : q.exceptions()));
        return natural.withExceptions(natural.qualifications().stream()
                .map(q -> q.withExceptions(changedBy.getOrDefault(q.code(), List.of()))).toList(),
                attributed.exceptions());
    }

    /**
     * What an exception may change in a qualification's outcome: the hours left, and each requirement's met flag and
     * what it counts (a partial allowance counts); except what a node the exception waives counts, which a waiver
     * of a requirement met anyway changes by design (the credential is then free to count elsewhere).
     */
    private static String weighed(QualificationResult q, GrantedException e) {
        StringBuilder out = new StringBuilder().append(q.remainingHours()).append(' ');
        weighed(q.code(), q.requirement(), e, out);
        return out.toString();
    }

    private static void weighed(String qualification, EvaluationResult.RequirementResult r, GrantedException e,
                                StringBuilder out) {
        out.append(r.id()).append(r.met() ? '+' : '-');
        if (!org.pathwayengine.facts.RegistrarException.names(e.qualification(), e.requirement(), qualification,
                r.id())) {
            out.append(r.counted());
        }
        if (r.children() != null) {
            r.children().forEach(c -> {
                out.append('(');
                weighed(qualification, c, e, out);
                out.append(')');
            });
        }
    }

    /** A requirement tree's met flags and counts, every node. */
    private static String full(EvaluationResult.RequirementResult r) {
        StringBuilder out = new StringBuilder(r.id()).append(r.met() ? '+' : '-').append(r.counted());
        if (r.children() != null) {
            r.children().forEach(c -> out.append('(').append(full(c)).append(')'));
        }
        return out.toString();
    }

    /** Every qualification's status and every requirement's met flag: the outcomes an exception may change. */
    private static Map<String, String> outcomes(EvaluationResult answer) {
        Map<String, String> out = new LinkedHashMap<>();
        answer.qualifications().forEach(q -> out.put(q.code(), q.status() + " " + metSignature(q.requirement())));
        return out;
    }

    private static String metSignature(EvaluationResult.RequirementResult r) {
        StringBuilder out = new StringBuilder(r.id()).append(r.met() ? '+' : '-');
        if (r.children() != null) {
            r.children().forEach(c -> out.append('(').append(metSignature(c)).append(')'));
        }
        return out.toString();
    }

    /**
     * Says what each registrar's exception changed: the answer is made again without it (eligibility only), and
     * every qualification whose status or requirements differ is one it changed; none is "no effect".
     */
    private EvaluationResult attribute(Ruleset ruleset, EvaluationRequest request, LocalDate asOf,
                                       Exceptions exceptions, EvaluationResult answer, SearchSizes sizes,
                                       Provenance provenance) {
        Map<String, QualificationResult> with = new LinkedHashMap<>();
        answer.qualifications().forEach(q -> with.put(q.code(), q));
        Map<String, List<String>> changedBy = new LinkedHashMap<>();
        List<EvaluationResult.ExceptionOutcome> outcomes = new ArrayList<>();
        for (GrantedException e : request.exceptions()) {
            String[] not = exceptions.notApplied().get(e.id());
            if (not != null) {
                outcomes.add(new EvaluationResult.ExceptionOutcome(e.id(), e.kind(), not[0], List.of(),
                        "does not apply: " + not[1]));
                continue;
            }
            List<GrantedException> others = new ArrayList<>(exceptions.applied());
            others.remove(e);
            EvaluationRequest alone = request.withExceptions(others);
            EvaluationResult without = evaluate(ruleset, alone, Advice.NONE, asOf, Exceptions.of(ruleset, alone, asOf),
                    sizes, provenance);
            Map<String, QualificationResult> before = new LinkedHashMap<>();
            without.qualifications().forEach(q -> before.put(q.code(), q));
            List<String> changed = new ArrayList<>();
            List<String> words = new ArrayList<>();
            for (QualificationResult q : answer.qualifications()) {
                QualificationResult was = before.get(q.code());
                if (was == null) {
                    changed.add(q.code());
                    words.add(q.code() + " is " + q.status() + "; without it the qualification is not considered");
                } else if (was.status() != q.status()) {
                    changed.add(q.code());
                    words.add(q.code() + " is " + q.status() + "; without it " + was.status());
                } else if (!weighed(was, e).equals(weighed(q, e))) {
                    changed.add(q.code());
                    words.add(q.code() + " stays " + q.status() + ", but " + difference(was.requirement(),
                            q.requirement()));
                }
            }
            before.keySet().stream().filter(code -> !with.containsKey(code)).forEach(code -> {
                changed.add(code);
                words.add(code + " is not considered; without it " + before.get(code).status());
            });
            changed.forEach(code -> changedBy.computeIfAbsent(code, k -> new ArrayList<>()).add(e.id()));
            outcomes.add(changed.isEmpty()
                    ? new EvaluationResult.ExceptionOutcome(e.id(), e.kind(), "NO_EFFECT", List.of(),
                    "changes nothing: " + noEffect(e, without))
                    : new EvaluationResult.ExceptionOutcome(e.id(), e.kind(), "CHANGED", changed,
                    String.join("; ", words)));
        }
        List<QualificationResult> qualifications = answer.qualifications().stream()
                .map(q -> q.withExceptions(changedBy.getOrDefault(q.code(), List.of()))).toList();
        return answer.withExceptions(qualifications, outcomes);
    }

    /** The first requirement whose outcome differs, in words. */
    private static String difference(EvaluationResult.RequirementResult was, EvaluationResult.RequirementResult is) {
        List<EvaluationResult.RequirementResult> before = was.children() == null ? List.of() : was.children();
        List<EvaluationResult.RequirementResult> after = is.children() == null ? List.of() : is.children();
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            if (!full(before.get(i)).equals(full(after.get(i)))) {
                return difference(before.get(i), after.get(i));
            }
        }
        if (was.met() != is.met()) {
            return "'" + is.title() + "' is " + (is.met() ? "met" : "not met") + "; without it "
                    + (was.met() ? "met" : "not met");
        }
        if (!java.util.Objects.equals(was.counted(), is.counted())) {
            return "'" + is.title() + "' counts " + org.pathwayengine.catalog.Numbers.plain(is.counted() == null ? 0
                    : is.counted()) + " of " + org.pathwayengine.catalog.Numbers.plain(is.required() == null ? 0
                    : is.required()) + "; without it " + org.pathwayengine.catalog.Numbers.plain(
                    was.counted() == null ? 0 : was.counted());
        }
        return "what is left to do differs";
    }

    /** Why an exception that applies changes nothing, as specifically as the answer without it allows. */
    private static String noEffect(GrantedException e, EvaluationResult without) {
        if (e.qualification() != null) {
            Optional<QualificationResult> q = without.qualifications().stream()
                    .filter(x -> x.code().equals(e.qualification())).findFirst();
            if (q.isEmpty()) {
                return e.qualification() + " is not considered for this learner (no held credential relates to it)";
            }
            EvaluationResult.RequirementResult node = node(q.get().requirement(), e.requirement());
            if (node != null && node.met()) {
                return "the learner meets '" + node.title() + "' of " + e.qualification() + " without it";
            }
        }
        return "every outcome is the same without it";
    }

    private static EvaluationResult.RequirementResult node(EvaluationResult.RequirementResult r, String id) {
        if (r.id().equals(id)) {
            return r;
        }
        for (EvaluationResult.RequirementResult c : r.children() == null
                ? List.<EvaluationResult.RequirementResult>of() : r.children()) {
            EvaluationResult.RequirementResult found = node(c, id);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private EvaluationResult evaluate(Ruleset ruleset, EvaluationRequest request, Advice advice, LocalDate asOf,
                                      Exceptions exceptions, SearchSizes sizes, Provenance provenance) {
        Catalog catalog = ruleset.catalog();
        List<ExcludedCredential> excluded = new ArrayList<>();
        List<HeldCredential> given = new ArrayList<>(request.held());
        given.addAll(request.hypothetical());
        int heldCount = request.held().size();
        Map<Integer, String> substitutedFrom = new HashMap<>();
        List<Held> held = intake(given, heldCount, ruleset, asOf, excluded, exceptions, substitutedFrom, provenance);

        Map<String, Award> touched = new LinkedHashMap<>();
        Map<String, List<Requirement>> leafFacts = new LinkedHashMap<>();
        for (Award award : ruleset.awards().values()) {
            List<Requirement> facts = leafFacts(award);
            if (relevant(award, facts, held, ruleset.recognition())) {
                touched.put(award.qualification().code(), award);
                leafFacts.put(award.qualification().code(), facts);
            }
        }
        // A qualification that a relevant one names as its prerequisite is relevant too: it decides that one's
        // status and belongs in the plan towards it.
        List<Award> queue = new ArrayList<>(touched.values());
        for (int i = 0; i < queue.size(); i++) {
            for (String code : QualificationGate.entryRequirements(catalog, queue.get(i)).stream()
                    .flatMap(e -> e.prerequisites().codes().stream()).toList()) {
                Award needed = ruleset.awards().get(code);
                if (needed != null && !touched.containsKey(code)) {
                    touched.put(code, needed);
                    leafFacts.put(code, leafFacts(needed));
                    queue.add(needed);
                }
            }
        }
        // Catalog credentials the learner could earn next on these pathways, evaluated beside the real ones (as
        // if awarded today) so that policies decide where they could count; they never appear in the answer.
        Prospects found = advice != Advice.NONE ? Prospects.of(ruleset, touched.values(), leafFacts, held,
                given.size(), asOf, weighEveryProspect) : new Prospects(List.of(), List.of());
        List<Held> prospects = found.weighed();

        Decisions decisions = Decisions.decide(ruleset, held, prospects, touched, leafFacts, asOf,
                request.learner(), ruleTimeLimit, maxFirings, exceptions.facts());
        // One entry per credential, rule, qualification and reason; the requirements it applies to are listed.
        Map<List<Object>, Set<String>> grouped = new LinkedHashMap<>();
        Map<List<Object>, Excluded> firstOf = new LinkedHashMap<>();
        for (Excluded e : decisions.excluded()) {
            if (e.getHeld().isGiven()) {
                List<Object> key = java.util.Arrays.asList(e.getHeld().getIndex(), e.getRuleId(), e.getQualification(),
                        e.getReason());
                firstOf.putIfAbsent(key, e);
                Set<String> requirements = grouped.computeIfAbsent(key, k -> new TreeSet<>());
                if (e.getRequirement() != null) {
                    requirements.add(e.getRequirement().getId());
                }
            }
        }
        firstOf.forEach((key, e) -> {
            Set<String> requirements = grouped.get(key);
            excluded.add(new ExcludedCredential(shown(e.getHeld(), substitutedFrom), e.getHeld().getPosition(),
                    e.getReason(), e.getRuleId(), e.getQualification(),
                    requirements.isEmpty() ? null : String.join(", ", requirements),
                    e.getHeld().isHypothetical() ? true : null));
        });
        excluded.sort(Comparator.comparing((ExcludedCredential x) -> x.hypothetical() != null)
                .thenComparingInt(ExcludedCredential::held).thenComparing(ExcludedCredential::ruleId)
                .thenComparing(x -> x.qualification() == null ? "" : x.qualification()));

        CreditCounter counter = new CreditCounter(ruleset.credit(), decisions.recognitionsByHeld(), asOf);
        Assessor assessor = new Assessor(catalog, counter, decisions, held, given.size(), exceptions,
                substitutedFrom, sizes);
        List<QualificationResult> results = new ArrayList<>();
        for (Award award : touched.values()) {
            results.add(assessor.assess(award, leafFacts.get(award.qualification().code())));
        }
        Set<Integer> excludedEverywhere = new TreeSet<>();
        decisions.excluded().stream().filter(e -> e.getQualification() == null && e.getRequirement() == null)
                .forEach(e -> excludedEverywhere.add(e.getHeld().getIndex()));
        results = new ArrayList<>(QualificationGate.apply(catalog, touched, held, excludedEverywhere, asOf,
                results));
        results.sort(Comparator.comparingInt((QualificationResult q) -> EvaluationResult.rank(q.status()))
                .thenComparingDouble(QualificationResult::remainingHours)
                .thenComparing(QualificationResult::code));
        // Unused means no qualification considered needs it: a credential kept out by a policy or left out by a
        // prior-learning cap is listed under that reason instead (excluded, rplLeftOut), not here.
        Set<Integer> keptOut = new TreeSet<>(excludedEverywhere);
        decisions.excluded().forEach(e -> keptOut.add(e.getHeld().getIndex()));
        Set<String> leftOutByCap = new TreeSet<>();
        results.stream().filter(q -> q.rplLeftOut() != null)
                .forEach(q -> q.rplLeftOut().forEach(l -> leftOutByCap.add(l.code())));
        List<String> unused = held.stream()
                .filter(h -> !assessor.countedAnywhere().contains(h.getIndex()) && !keptOut.contains(h.getIndex())
                        && !leftOutByCap.contains(h.getCode()))
                .map(h -> shown(h, substitutedFrom)).toList();

        PrerequisiteCheck prerequisites = new PrerequisiteCheck(catalog, held, excludedEverywhere,
                QualificationGate.eligible(results), asOf);
        EvaluationResult.CreditSummary credit = CreditSummaries.of(ruleset, held, excludedEverywhere,
                decisions.recognitionsByHeld());
        if (advice != Advice.NEXT_STEPS) {
            return new EvaluationResult(null, false, null, Instant.now(clock), ruleset.version(), asOf,
                    request.learner(), results, excluded, unused, List.copyOf(decisions.fired()), credit,
                    advice == Advice.NONE ? null : prerequisites.summary(found.all()), null, null);
        }
        Advisor advisor = new Advisor(catalog, assessor, prerequisites, held, prospects, decisions.excluded(),
                planningBudget);
        List<EvaluationResult.NextStep> nextSteps = advisor.nextSteps(touched.values(), leafFacts, results);
        return new EvaluationResult(null, false, null, Instant.now(clock), ruleset.version(), asOf,
                request.learner(), results, excluded, unused, List.copyOf(decisions.fired()), credit,
                prerequisites.summary(found.all()), nextSteps,
                advisor.notPlanned().isEmpty() ? null : advisor.notPlanned());
    }

    /**
     * Whether a qualification concerns a learner: a held credential fits one of its requirements that names a
     * subject (a credential, areas, issuers). A requirement on amount and level alone ("10 credits at level 4 or
     * above") fits every catalog credential, so it makes no qualification relevant by itself, and award-level
     * credit rules accept any credit, likewise; where a qualification has nothing else (earned by credit alone, or
     * "any three credentials"), those decide, and for credit, only credit it can count.
     */
    private static boolean relevant(Award award, List<Requirement> facts, List<Held> held,
                                    Map<String, RecognitionFile> recognition) {
        List<RequirementTree.Leaf> leaves = award.root().leaves();
        List<Requirement> deciding = facts.stream()
                .filter(f -> !(leaves.get(f.getLeafIndex()) instanceof RequirementTree.CreditsLeaf c && c.awardRule()))
                .toList();
        boolean creditOnly = deciding.isEmpty();
        if (creditOnly) {
            return facts.stream().anyMatch(f -> held.stream().anyMatch(h -> f.accepts(h)
                    && couldCount(h, (RequirementTree.CreditsLeaf) leaves.get(f.getLeafIndex()), recognition)));
        }
        List<Requirement> subjects = deciding.stream()
                .filter(f -> f.getCredential() != null || f.getFilter().namesSubject())
                .toList();
        List<Requirement> tested = subjects.isEmpty() ? deciding : subjects;
        return tested.stream().anyMatch(f -> held.stream().anyMatch(f::accepts));
    }

    /**
     * Whether a credential could give credit to an award's credit rule: its own credit, or, where the rule counts
     * what an institution awards or recognises, credit from that institution or a row of its recognition table.
     */
    private static boolean couldCount(Held h, RequirementTree.CreditsLeaf rule, Map<String, RecognitionFile> recognition) {
        if (rule.recognisedBy() == null || rule.recognisedBy().equals(h.getIssuer())) {
            return h.getCredits() > 0;
        }
        RecognitionFile table = recognition.get(rule.recognisedBy());
        return table != null && table.names(h.getCode());
    }

    /** A credential as the answer names it: its code, or "X as Y" when a registrar's exception substituted it. */
    static String shown(Held h, Map<Integer, String> substitutedFrom) {
        String from = substitutedFrom.get(h.getIndex());
        return from == null ? h.getCode() : from + " as " + h.getCode();
    }

    private static List<Held> intake(List<HeldCredential> given, int heldCount, Ruleset ruleset, LocalDate asOf,
                                     List<ExcludedCredential> excluded, Exceptions exceptions,
                                     Map<Integer, String> substitutedFrom, Provenance provenance) {
        Catalog catalog = ruleset.catalog();
        String version = ruleset.version();
        List<Held> held = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            HeldCredential h = given.get(i);
            boolean hypothetical = i >= heldCount;
            int position = hypothetical ? i - heldCount : provenance.position(i);
            org.pathwayengine.facts.Presented presented = hypothetical ? null : provenance.presented(i);
            // A substitution makes the held credential count as the catalog credential it names, everywhere.
            Optional<GrantedException> substitute = exceptions.substitute(h.code());
            Microcredential m = catalog.microcredentials().get(substitute.map(GrantedException::substitute)
                    .orElse(h.code()));
            if (m != null && substitute.isPresent()) {
                substitutedFrom.put(i, h.code());
            }
            if (m == null) {
                excluded.add(new ExcludedCredential(h.code(), position, "'" + h.code()
                        + "' is not in the catalog of ruleset " + version, "SYS-UNKNOWN-CODE", null, null,
                        hypothetical ? true : null));
                continue;
            }
            GradeScale scale = catalog.scaleOf(m);
            if (h.grade() != null && scale != null && scale.rank(h.grade()) < 0) {
                excluded.add(new ExcludedCredential(h.code(), position, "grade '" + h.grade()
                        + "' is not on the " + scale.title() + " scale of " + h.code() + " (" + scale.describe() + ")",
                        "SYS-UNKNOWN-GRADE", null, null, hypothetical ? true : null));
                continue;
            }
            // A substituted credential keeps its own dates and grade; an issuer it states is its own, not the
            // substitute's, so it is not compared with the catalog.
            if (presented != null && !presented.trustedForCredit()) {
                m = m.withoutCredit();
            }
            Held fact = held(m, i, hypothetical ? Held.Source.HYPOTHETICAL : Held.Source.HELD,
                    position, h.awarded(), h.expires(),
                    substitute.isPresent() ? null : h.issuer(), h.assessed(),
                    Held.Grading.of(h.grade(), h.mark(), h.attempt(), scale), ruleset.credit(), asOf);
            Optional<GrantedException> extension = exceptions.extension(h.code());
            if (extension.isPresent()) {
                LocalDate until = extension.get().until();
                if (fact.getExpires() != null && fact.getExpires().isBefore(until)) {
                    fact = held(m, i, hypothetical ? Held.Source.HYPOTHETICAL : Held.Source.HELD,
                            position, h.awarded(), until,
                            substitute.isPresent() ? null : h.issuer(), h.assessed(),
                            Held.Grading.of(h.grade(), h.mark(), h.attempt(), scale), ruleset.credit(), asOf);
                }
                fact = fact.extendedTo(until);
            }
            held.add(presented == null ? fact : fact.presentedAs(presented));
        }
        return held;
    }

    /** A credential as a fact, joined with its catalog entry and measured against the as-of date. */
    static Held held(Microcredential m, int index, Held.Source source, int position, LocalDate awarded,
                     LocalDate expiresGiven, String issuer, Boolean assessedGiven, Held.Grading grading,
                     CreditModel credit, LocalDate asOf) {
        LocalDate expires = expiresGiven != null ? expiresGiven
                : m.validFor() != null ? awarded.plus(m.validFor()) : null;
        boolean assessed = assessedGiven != null ? assessedGiven : !UNASSESSED.contains(m.assessment());
        int months = (int) Math.max(0, ChronoUnit.MONTHS.between(awarded, asOf));
        return new Held(index, source, position, m.code(), m.title(), awarded, expires, m.issuer(), issuer, assessed, grading, m.areas(),
                m.level(), credit.levelsIn(m.level(), m.credit() == null ? null : m.credit().framework()), m.credits(), m.credit() == null ? null : m.credit().framework(), m.hours(),
                m.achievementType(), m.assessment(), m.qualityAssurance(), months);
    }

    /** A requirement node of a qualification's tree by id, or null. */
    public static RequirementTree requirement(Award award, String id) {
        return Exceptions.find(award.root(), id);
    }

    /** Every requirement id of a qualification's tree, depth first. */
    public static List<String> requirementIds(Award award) {
        List<String> out = new ArrayList<>();
        collectIds(award.root(), out);
        return out;
    }

    private static void collectIds(RequirementTree node, List<String> out) {
        out.add(node.id());
        if (node instanceof RequirementTree.Group g) {
            g.children().forEach(c -> collectIds(c, out));
        }
    }

    /** The fact the rules see for a qualification that a held credential fits. */
    public static Qualification qualificationFact(Award award) {
        QualificationEntry q = award.qualification();
        return new Qualification(q.code(), q.type(), q.level() == null ? 0 : q.level(), q.tags(), award.pathway());
    }

    /** The requirement facts inserted for a qualification: one per leaf, in tree order (the leaf index). */
    public static List<Requirement> leafFacts(Award award) {
        List<Requirement> facts = new ArrayList<>();
        List<RequirementTree.Leaf> leaves = award.root().leaves();
        for (int i = 0; i < leaves.size(); i++) {
            RequirementTree.Leaf leaf = leaves.get(i);
            String code = award.qualification().code();
            if (leaf instanceof RequirementTree.CredentialLeaf c) {
                facts.add(new Requirement(code, c.id(), "credential", c.code(), Filter.ANY, i));
            } else if (leaf instanceof RequirementTree.CountLeaf c) {
                facts.add(new Requirement(code, c.id(), "count", null, c.filter(), i, false, c.levelScheme())
                        .averaging(c.meanMark()));
            } else if (leaf instanceof RequirementTree.CreditsLeaf c) {
                // Credit is counted in Java (CreditCounter), where conversion and recognition decide its level.
                facts.add(new Requirement(code, c.id(), "credits", null, c.filter(), i, true)
                        .averaging(c.meanMark()));
            }
        }
        return facts;
    }

    /** What Drools concluded for one evaluation. */
    record Decisions(List<Candidate> candidates, List<Excluded> excluded,
                     List<Recognition> recognitions, Set<String> fired,
                     Map<Integer, Map<String, Recognition>> recognitionsByHeld) {

        Decisions(List<Candidate> candidates, List<Excluded> excluded, List<Recognition> recognitions,
                  Set<String> fired) {
            this(candidates, excluded, recognitions, fired, byHeld(recognitions));
        }

        private static Map<Integer, Map<String, Recognition>> byHeld(List<Recognition> recognitions) {
            Map<Integer, Map<String, Recognition>> out = new HashMap<>();
            recognitions.forEach(r -> out.computeIfAbsent(r.getHeld().getIndex(), k -> new LinkedHashMap<>())
                    .put(r.getInstitution(), r));
            return out;
        }

        /**
         * Candidates by credential, qualification, requirement leaf and rule. Written out rather than composed from
         * key extractors: an evaluation at catalog scale sorts tens of thousands of them.
         */
        private static final Comparator<Candidate> CANDIDATE_ORDER = (a, b) -> {
            int byHeld = Integer.compare(a.getHeld().getIndex(), b.getHeld().getIndex());
            if (byHeld != 0) {
                return byHeld;
            }
            Requirement ra = a.getRequirement();
            Requirement rb = b.getRequirement();
            if (ra != rb) {
                int byQualification = ra.getQualification().compareTo(rb.getQualification());
                if (byQualification != 0) {
                    return byQualification;
                }
                int byLeaf = Integer.compare(ra.getLeafIndex(), rb.getLeafIndex());
                if (byLeaf != 0) {
                    return byLeaf;
                }
            }
            return (a.getRuleId() == null ? "" : a.getRuleId()).compareTo(b.getRuleId() == null ? "" : b.getRuleId());
        };

        static Decisions decide(Ruleset ruleset, List<Held> held, List<Held> prospects,
                                Map<String, Award> plans,
                                Map<String, List<Requirement>> leafFacts, LocalDate asOf,
                                String learner, java.time.Duration timeLimit, int maxFirings,
                                List<org.pathwayengine.facts.RegistrarException> exceptions) {
            KieSession session = ruleset.kieBase().newKieSession();
            Set<String> fired = new LinkedHashSet<>();
            Map<String, Integer> firingsByRule = new HashMap<>();
            long[] deadline = {Long.MAX_VALUE};
            boolean[] outOfTime = {false};
            // Only the policies' firings count towards the cap: the engine's own rules fire at most a few times per
            // credential and requirement (a learner holding hundreds of credentials against a large catalog needs
            // hundreds of thousands), while a policy that re-triggers itself keeps firing, and its firings are what
            // the cap catches.
            Map<String, Integer> policyFiringsByRule = new HashMap<>();
            int[] policyFirings = {0};
            boolean[] overCap = {false};
            try {
                session.addEventListener(new DefaultAgendaEventListener() {
                    @Override
                    public void afterMatchFired(AfterMatchFiredEvent event) {
                        Object id = event.getMatch().getRule().getMetaData().get("id");
                        String rule = id != null ? id.toString() : event.getMatch().getRule().getName();
                        firingsByRule.merge(rule, 1, Integer::sum);
                        if (!rule.startsWith(ENGINE_ID_PREFIX)) {
                            policyFiringsByRule.merge(rule, 1, Integer::sum);
                            if (++policyFirings[0] >= maxFirings) {
                                overCap[0] = true;
                                session.halt();
                            }
                        }
                        // Firings about prospective credentials are planning, not part of the learner's answer.
                        boolean prospect = false;
                        for (Object o : event.getMatch().getObjects()) {
                            if (o instanceof Held h && h.isProspect()) {
                                prospect = true;
                                break;
                            }
                        }
                        if (!prospect) {
                            fired.add(rule);
                        }
                        if (System.nanoTime() > deadline[0]) {
                            outOfTime[0] = true;
                            session.halt();
                        }
                    }
                });
                session.insert(new Evaluation(asOf, learner));
                exceptions.forEach(session::insert);
                List<Held> all = new ArrayList<>(held);
                all.addAll(prospects);
                all.forEach(session::insert);
                // Held credentials are weighed at every recognising institution (the answer's credit summary lists
                // each); planned ones only where a qualification in question counts recognised credit.
                Set<String> counting = Prospects.countingRecognisedCredit(plans.values());
                var qa = ruleset.catalog().microcredentials();
                for (RecognitionFile table : ruleset.recognition().values()) {
                    List<Held> weighed = counting.contains(table.institution()) ? all : held;
                    weighed.forEach(h -> session.insert(Recognizer.decide(table, h,
                            qa.get(h.getCode()).qualityAssurance(), asOf)));
                }
                plans.values().forEach(award -> session.insert(qualificationFact(award)));
                leafFacts.values().forEach(list -> list.forEach(session::insert));
                deadline[0] = System.nanoTime() + timeLimit.toNanos();
                int firings = session.fireAllRules();
                if (overCap[0] || outOfTime[0]) {
                    Map.Entry<String, Integer> most = (outOfTime[0] ? firingsByRule : policyFiringsByRule).entrySet()
                            .stream().max(Map.Entry.comparingByValue()).orElseThrow();
                    throw new RulesDidNotSettleException(outOfTime[0]
                            ? "the rules ran past the limit of " + timeLimit.toMillis() + " ms for one"
                            + " evaluation after " + firings + " firings; the rule that fired most is "
                            + most.getKey() + " (" + most.getValue() + " times)"
                            : "the policy rules fired " + policyFirings[0] + " times without settling; the rule that"
                            + " kept firing is " + most.getKey() + " (" + most.getValue() + " times): it probably"
                            + " re-triggers itself");
                }
                List<Candidate> candidates = new ArrayList<>();
                List<Excluded> excluded = new ArrayList<>();
                List<Recognition> recognitions = new ArrayList<>();
                for (Object o : session.getObjects()) {
                    if (o instanceof Candidate c) {
                        candidates.add(c);
                    } else if (o instanceof Excluded e) {
                        excluded.add(e);
                    } else if (o instanceof Recognition r) {
                        recognitions.add(r);
                    }
                }
                // The session hands its facts back in no fixed order (it varies from run to run); everything read
                // from these lists in order (which exclusion a renewal names, say) must not, or a recorded answer
                // would not replay the same.
                candidates.sort(CANDIDATE_ORDER);
                excluded.sort(Comparator.comparingInt((Excluded e) -> e.getHeld().getIndex())
                        .thenComparingInt(e -> e.getQualification() == null && e.getRequirement() == null ? 0 : 1)
                        .thenComparing(e -> e.getRuleId() == null ? "" : e.getRuleId())
                        .thenComparing(e -> e.getQualification() == null ? "" : e.getQualification())
                        .thenComparingInt(e -> e.getRequirement() == null ? -1 : e.getRequirement().getLeafIndex())
                        .thenComparing(e -> e.getReason() == null ? "" : e.getReason()));
                recognitions.sort(Comparator.comparingInt((Recognition r) -> r.getHeld().getIndex())
                        .thenComparing(r -> r.getInstitution() == null ? "" : r.getInstitution())
                        .thenComparing(r -> r.getRuleId() == null ? "" : r.getRuleId()));
                // One candidacy per credential and requirement: a rule (a registrar's allowance, a policy) may
                // conclude what the generic rules already did.
                // (The same fact and requirement: a renewal shares its held credential's index, and is another.)
                Set<List<Object>> seen = new java.util.HashSet<>();
                candidates.removeIf(c -> !seen.add(List.of(c.getHeld(), c.getRequirement())));
                return new Decisions(candidates, excluded, recognitions, fired);
            } finally {
                session.dispose();
            }
        }
    }
}
