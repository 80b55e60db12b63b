package org.pathwayengine.evaluation;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.credit.RecognitionFile;
import org.pathwayengine.credit.Recognizer;
import org.pathwayengine.evaluation.EvaluationResult.ExcludedCredential;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.facts.Evaluation;
import org.pathwayengine.facts.Excluded;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Recognition;
import org.pathwayengine.pathway.Filter;
import org.pathwayengine.pathway.QualificationPlan;
import org.pathwayengine.pathway.Requirement;
import org.pathwayengine.ruleset.Ruleset;

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
    /** Search nodes the allocator may explore per qualification before it settles for the best found. */
    static final long ALLOCATION_BUDGET = 200_000;
    private static final Set<String> UNASSESSED = Set.of("none", "attendance");

    private final Clock clock;
    private final long planningBudget;

    public Evaluator(Clock clock) {
        this(clock, Advisor.EVALUATION_PLAN_BUDGET);
    }

    /** With a planning budget other than the service's, for tests of what happens when it runs out. */
    Evaluator(Clock clock, long planningBudget) {
        this.clock = clock;
        this.planningBudget = planningBudget;
    }

    public EvaluationResult evaluate(Ruleset ruleset, EvaluationRequest request) {
        Catalog catalog = ruleset.catalog();
        LocalDate asOf = request.asOf() != null ? request.asOf() : LocalDate.now(clock);
        List<ExcludedCredential> excluded = new ArrayList<>();
        List<HeldCredential> given = new ArrayList<>(request.held());
        given.addAll(request.hypothetical());
        int heldCount = request.held().size();
        List<Held> held = intake(given, heldCount, catalog, asOf, ruleset.version(), excluded);

        Map<String, QualificationPlan> touched = new LinkedHashMap<>();
        Map<String, List<org.pathwayengine.facts.Requirement>> leafFacts = new LinkedHashMap<>();
        for (QualificationPlan plan : ruleset.plans().values()) {
            List<org.pathwayengine.facts.Requirement> facts = leafFacts(plan);
            List<Requirement.Leaf> leaves = plan.root().leaves();
            // A qualification is relevant when a held credential fits one of its requirements; award-level credit
            // rules accept any credit, so on their own they would make every award relevant to everyone.
            if (facts.stream().filter(f -> !(leaves.get(f.getLeafIndex()) instanceof Requirement.CreditsLeaf c
                    && c.awardRule())).anyMatch(f -> held.stream().anyMatch(f::accepts))) {
                touched.put(plan.qualification().code(), plan);
                leafFacts.put(plan.qualification().code(), facts);
            }
        }
        // A qualification that a relevant one names as its prerequisite is relevant too: it decides that one's
        // status and belongs in the plan towards it.
        List<QualificationPlan> queue = new ArrayList<>(touched.values());
        for (int i = 0; i < queue.size(); i++) {
            for (String code : QualificationGate.entryRequirements(catalog, queue.get(i)).stream()
                    .flatMap(e -> e.prerequisites().codes().stream()).toList()) {
                QualificationPlan needed = ruleset.plans().get(code);
                if (needed != null && !touched.containsKey(code)) {
                    touched.put(code, needed);
                    leafFacts.put(code, leafFacts(needed));
                    queue.add(needed);
                }
            }
        }
        // Catalog credentials the learner could earn next on these pathways, evaluated beside the real ones (as
        // if awarded today) so that policies decide where they could count; they never appear in the answer.
        List<Held> prospects = Prospects.of(catalog, touched.values(), leafFacts, held, given.size(), asOf);

        Decisions decisions = Decisions.decide(ruleset, held, prospects, touched, leafFacts, asOf,
                request.learner(), given.size());
        // One entry per credential, rule, qualification and reason; the requirements it applies to are listed.
        Map<List<Object>, Set<String>> grouped = new LinkedHashMap<>();
        Map<List<Object>, Excluded> firstOf = new LinkedHashMap<>();
        for (Excluded e : decisions.excluded()) {
            if (e.getHeld().getIndex() < given.size()) {
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
            excluded.add(new ExcludedCredential(e.getHeld().getCode(), heldIndex(e.getHeld(), heldCount),
                    e.getReason(), e.getRuleId(), e.getQualification(),
                    requirements.isEmpty() ? null : String.join(", ", requirements),
                    e.getHeld().isHypothetical() ? true : null));
        });
        excluded.sort(Comparator.comparing((ExcludedCredential x) -> x.hypothetical() != null)
                .thenComparingInt(ExcludedCredential::held).thenComparing(ExcludedCredential::ruleId)
                .thenComparing(x -> x.qualification() == null ? "" : x.qualification()));

        CreditCounter counter = new CreditCounter(ruleset.credit(), decisions.recognitionsByHeld(), asOf);
        Assessor assessor = new Assessor(catalog, counter, decisions, held, given.size());
        List<QualificationResult> results = new ArrayList<>();
        for (QualificationPlan plan : touched.values()) {
            results.add(assessor.assess(plan, leafFacts.get(plan.qualification().code())));
        }
        Set<Integer> excludedEverywhere = new TreeSet<>();
        decisions.excluded().stream().filter(e -> e.getQualification() == null && e.getRequirement() == null)
                .forEach(e -> excludedEverywhere.add(e.getHeld().getIndex()));
        results = new ArrayList<>(QualificationGate.apply(catalog, touched, held, excludedEverywhere, asOf,
                results));
        results.sort(Comparator.comparingInt((QualificationResult q) -> EvaluationResult.rank(q.status()))
                .thenComparingDouble(QualificationResult::remainingHours)
                .thenComparing(QualificationResult::code));
        List<String> unused = held.stream()
                .filter(h -> !assessor.countedAnywhere().contains(h.getIndex())
                        && !excludedEverywhere.contains(h.getIndex()))
                .map(Held::getCode).toList();

        Prerequisites prerequisites = new Prerequisites(catalog, held, excludedEverywhere,
                QualificationGate.eligible(results), asOf);
        EvaluationResult.CreditSummary credit = CreditSummaries.of(ruleset, held, excludedEverywhere,
                decisions.recognitionsByHeld());
        Advisor advisor = new Advisor(catalog, assessor, prerequisites, prospects, planningBudget);
        List<EvaluationResult.NextStep> nextSteps = advisor.nextSteps(touched.values(), leafFacts, results);
        return new EvaluationResult(null, false, null, Instant.now(clock), ruleset.version(), asOf,
                request.learner(), results, excluded, unused, List.copyOf(decisions.fired()), credit,
                prerequisites.summary(prospects), nextSteps,
                advisor.notPlanned().isEmpty() ? null : advisor.notPlanned());
    }

    /** Position in the request's own list: held[i], or hypothetical[i] for what-if credentials. */
    static int heldIndex(Held h, int heldCount) {
        return h.isHypothetical() ? h.getIndex() - heldCount : h.getIndex();
    }

    private static List<Held> intake(List<HeldCredential> given, int heldCount, Catalog catalog, LocalDate asOf,
                                     String version, List<ExcludedCredential> excluded) {
        List<Held> held = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            HeldCredential h = given.get(i);
            boolean hypothetical = i >= heldCount;
            Microcredential m = catalog.microcredentials().get(h.code());
            if (m == null) {
                excluded.add(new ExcludedCredential(h.code(), hypothetical ? i - heldCount : i, "'" + h.code()
                        + "' is not in the catalog of ruleset " + version, "SYS-UNKNOWN-CODE", null, null,
                        hypothetical ? true : null));
                continue;
            }
            held.add(held(m, i, h.awarded(), h.expires(), h.issuer(), h.assessed(), h.grade(), asOf, hypothetical));
        }
        return held;
    }

    /** A credential as a fact, joined with its catalog entry and measured against the as-of date. */
    static Held held(Microcredential m, int index, LocalDate awarded, LocalDate expiresGiven, String issuer,
                     Boolean assessedGiven, String grade, LocalDate asOf, boolean hypothetical) {
        LocalDate expires = expiresGiven != null ? expiresGiven
                : m.validFor() != null ? awarded.plus(m.validFor()) : null;
        boolean assessed = assessedGiven != null ? assessedGiven : !UNASSESSED.contains(m.assessment());
        int months = (int) Math.max(0, ChronoUnit.MONTHS.between(awarded, asOf));
        return new Held(index, m.code(), m.title(), awarded, expires, m.issuer(), issuer, assessed, grade, m.areas(),
                m.level(), m.credits(), m.credit() == null ? null : m.credit().framework(), m.hours(),
                m.achievementType(), m.assessment(), m.qualityAssurance(), months, hypothetical);
    }

    /** The requirement facts inserted for a qualification: one per leaf, in tree order (the leaf index). */
    public static List<org.pathwayengine.facts.Requirement> leafFacts(QualificationPlan plan) {
        List<org.pathwayengine.facts.Requirement> facts = new ArrayList<>();
        List<Requirement.Leaf> leaves = plan.root().leaves();
        for (int i = 0; i < leaves.size(); i++) {
            Requirement.Leaf leaf = leaves.get(i);
            String code = plan.qualification().code();
            if (leaf instanceof Requirement.CredentialLeaf c) {
                facts.add(new org.pathwayengine.facts.Requirement(code, c.id(), "credential", c.code(), Filter.ANY, i));
            } else if (leaf instanceof Requirement.CountLeaf c) {
                facts.add(new org.pathwayengine.facts.Requirement(code, c.id(), "count", null, c.filter(), i));
            } else if (leaf instanceof Requirement.CreditsLeaf c) {
                // Credit is counted in Java (CreditCounter), where conversion and recognition decide its level.
                facts.add(new org.pathwayengine.facts.Requirement(code, c.id(), "credits", null, c.filter(), i, true));
            }
        }
        return facts;
    }

    /** What Drools concluded for one evaluation. */
    record Decisions(List<org.pathwayengine.facts.Candidate> candidates, List<Excluded> excluded,
                     List<Recognition> recognitions, Set<String> fired) {

        Map<Integer, Map<String, Recognition>> recognitionsByHeld() {
            Map<Integer, Map<String, Recognition>> out = new HashMap<>();
            recognitions.forEach(r -> out.computeIfAbsent(r.getHeld().getIndex(), k -> new LinkedHashMap<>())
                    .put(r.getInstitution(), r));
            return out;
        }

        static Decisions decide(Ruleset ruleset, List<Held> held, List<Held> prospects,
                                Map<String, QualificationPlan> plans,
                                Map<String, List<org.pathwayengine.facts.Requirement>> leafFacts, LocalDate asOf,
                                String learner, int givenCount) {
            KieSession session = ruleset.kieBase().newKieSession();
            Set<String> fired = new LinkedHashSet<>();
            try {
                session.addEventListener(new DefaultAgendaEventListener() {
                    @Override
                    public void afterMatchFired(AfterMatchFiredEvent event) {
                        // Firings about prospective credentials are planning, not part of the learner's answer.
                        boolean prospect = event.getMatch().getObjects().stream()
                                .anyMatch(o -> o instanceof Held h && h.getIndex() >= givenCount);
                        if (!prospect) {
                            Object id = event.getMatch().getRule().getMetaData().get("id");
                            fired.add(id != null ? id.toString() : event.getMatch().getRule().getName());
                        }
                    }
                });
                session.insert(new Evaluation(asOf, learner));
                List<Held> all = new ArrayList<>(held);
                all.addAll(prospects);
                all.forEach(session::insert);
                for (RecognitionFile table : ruleset.recognition().values()) {
                    var qa = ruleset.catalog().microcredentials();
                    all.forEach(h -> session.insert(Recognizer.decide(table, h, qa.get(h.getCode()).qualityAssurance(),
                            asOf)));
                }
                for (QualificationPlan plan : plans.values()) {
                    var q = plan.qualification();
                    session.insert(new org.pathwayengine.facts.Qualification(q.code(), q.type(),
                            q.level() == null ? 0 : q.level(), q.tags(), plan.pathway()));
                }
                leafFacts.values().forEach(list -> list.forEach(session::insert));
                int firings = session.fireAllRules(MAX_FIRINGS);
                if (firings >= MAX_FIRINGS) {
                    throw new RulesDidNotSettleException("the policy rules fired " + firings
                            + " times without settling; a rule probably re-triggers itself (rules that fired: "
                            + String.join(", ", fired) + ")");
                }
                List<org.pathwayengine.facts.Candidate> candidates = new ArrayList<>();
                List<Excluded> excluded = new ArrayList<>();
                List<Recognition> recognitions = new ArrayList<>();
                for (Object o : session.getObjects()) {
                    if (o instanceof org.pathwayengine.facts.Candidate c) {
                        candidates.add(c);
                    } else if (o instanceof Excluded e) {
                        excluded.add(e);
                    } else if (o instanceof Recognition r) {
                        recognitions.add(r);
                    }
                }
                candidates.sort(Comparator.comparingInt((org.pathwayengine.facts.Candidate c) -> c.getHeld().getIndex())
                        .thenComparingInt(c -> c.getRequirement().getLeafIndex()));
                return new Decisions(candidates, excluded, recognitions, fired);
            } finally {
                session.dispose();
            }
        }
    }
}
