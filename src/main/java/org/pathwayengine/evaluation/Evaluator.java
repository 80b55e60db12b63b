package org.pathwayengine.evaluation;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.evaluation.EvaluationResult.CreditTotal;
import org.pathwayengine.evaluation.EvaluationResult.ExcludedCredential;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.evaluation.allocation.Allocation;
import org.pathwayengine.evaluation.allocation.AllocationProblem;
import org.pathwayengine.evaluation.allocation.Allocator;
import org.pathwayengine.evaluation.allocation.Candidate;
import org.pathwayengine.evaluation.allocation.NodeState;
import org.pathwayengine.evaluation.allocation.ReqNode;
import org.pathwayengine.facts.Evaluation;
import org.pathwayengine.facts.Excluded;
import org.pathwayengine.facts.Held;
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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Evaluates a learner's held credentials against one ruleset snapshot: intake, Drools (what may count where),
 * the exact allocator per qualification (what does count where), then the explanation. Plain Java: the
 * service, the command line and the scenario tests all call this one class.
 */
public final class Evaluator {

    /** Firings allowed per evaluation before the policy rules are judged to loop. */
    static final int MAX_FIRINGS = 100_000;
    /** Search nodes the allocator may explore per qualification before it settles for the best found. */
    static final long ALLOCATION_BUDGET = 2_000_000;
    private static final Set<String> UNASSESSED = Set.of("none", "attendance");

    private final Clock clock;

    public Evaluator(Clock clock) {
        this.clock = clock;
    }

    public EvaluationResult evaluate(Ruleset ruleset, EvaluationRequest request) {
        Catalog catalog = ruleset.catalog();
        LocalDate asOf = request.asOf() != null ? request.asOf() : LocalDate.now(clock);
        List<ExcludedCredential> excluded = new ArrayList<>();
        List<Held> held = intake(request, catalog, asOf, ruleset.version(), excluded);

        Map<String, QualificationPlan> touched = new LinkedHashMap<>();
        Map<String, List<org.pathwayengine.facts.Requirement>> leafFacts = new LinkedHashMap<>();
        for (QualificationPlan plan : ruleset.plans().values()) {
            List<org.pathwayengine.facts.Requirement> facts = leafFacts(plan);
            if (facts.stream().anyMatch(f -> held.stream().anyMatch(f::accepts))) {
                touched.put(plan.qualification().code(), plan);
                leafFacts.put(plan.qualification().code(), facts);
            }
        }

        Decisions decisions = decide(ruleset, held, touched, leafFacts, asOf, request.learner());
        for (Excluded e : decisions.excluded()) {
            excluded.add(new ExcludedCredential(e.getHeld().getCode(), e.getHeld().getIndex(), e.getReason(),
                    e.getRuleId(), e.getQualification(),
                    e.getRequirement() == null ? null : e.getRequirement().getId()));
        }
        excluded.sort(Comparator.comparingInt(ExcludedCredential::held).thenComparing(ExcludedCredential::ruleId));

        List<QualificationResult> results = new ArrayList<>();
        Set<Integer> countedAnywhere = new TreeSet<>();
        for (QualificationPlan plan : touched.values()) {
            results.add(assess(plan, leafFacts.get(plan.qualification().code()), held, decisions, catalog,
                    request.held().size(), countedAnywhere));
        }
        results.sort(Comparator.comparingInt((QualificationResult q) -> EvaluationResult.rank(q.status()))
                .thenComparingDouble(QualificationResult::remainingHours)
                .thenComparing(QualificationResult::code));

        Set<Integer> excludedEverywhere = new TreeSet<>();
        decisions.excluded().stream().filter(e -> e.getQualification() == null && e.getRequirement() == null)
                .forEach(e -> excludedEverywhere.add(e.getHeld().getIndex()));
        List<String> unused = held.stream()
                .filter(h -> !countedAnywhere.contains(h.getIndex()) && !excludedEverywhere.contains(h.getIndex()))
                .map(Held::getCode).toList();
        return new EvaluationResult(null, false, null, Instant.now(clock), ruleset.version(), asOf,
                request.learner(), results, excluded, unused, List.copyOf(decisions.fired()));
    }

    private static List<Held> intake(EvaluationRequest request, Catalog catalog, LocalDate asOf, String version,
                                     List<ExcludedCredential> excluded) {
        List<Held> held = new ArrayList<>();
        for (int i = 0; i < request.held().size(); i++) {
            HeldCredential h = request.held().get(i);
            Microcredential m = catalog.microcredentials().get(h.code());
            if (m == null) {
                excluded.add(new ExcludedCredential(h.code(), i, "'" + h.code() + "' is not in the catalog of ruleset "
                        + version, "SYS-UNKNOWN-CODE", null, null));
                continue;
            }
            LocalDate expires = h.expires() != null ? h.expires()
                    : m.validFor() != null ? h.awarded().plus(m.validFor()) : null;
            boolean assessed = h.assessed() != null ? h.assessed() : !UNASSESSED.contains(m.assessment());
            int months = (int) Math.max(0, ChronoUnit.MONTHS.between(h.awarded(), asOf));
            held.add(new Held(i, m.code(), m.title(), h.awarded(), expires, m.issuer(), h.issuer(), assessed,
                    h.grade(), m.areas(), m.level(), m.credits(),
                    m.credit() == null ? null : m.credit().framework(), m.hours(), m.achievementType(),
                    m.assessment(), m.qualityAssurance(), months, false));
        }
        return held;
    }

    private static List<org.pathwayengine.facts.Requirement> leafFacts(QualificationPlan plan) {
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
                facts.add(new org.pathwayengine.facts.Requirement(code, c.id(), "credits", null, c.filter(), i));
            }
        }
        return facts;
    }

    /** What Drools concluded for one evaluation. */
    private record Decisions(List<org.pathwayengine.facts.Candidate> candidates, List<Excluded> excluded,
                             Set<String> fired) {
    }

    private static Decisions decide(Ruleset ruleset, List<Held> held, Map<String, QualificationPlan> plans,
                                    Map<String, List<org.pathwayengine.facts.Requirement>> leafFacts,
                                    LocalDate asOf, String learner) {
        KieSession session = ruleset.kieBase().newKieSession();
        Set<String> fired = new LinkedHashSet<>();
        try {
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    Object id = event.getMatch().getRule().getMetaData().get("id");
                    fired.add(id != null ? id.toString() : event.getMatch().getRule().getName());
                }
            });
            session.insert(new Evaluation(asOf, learner));
            held.forEach(session::insert);
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
            for (Object o : session.getObjects()) {
                if (o instanceof org.pathwayengine.facts.Candidate c) {
                    candidates.add(c);
                } else if (o instanceof Excluded e) {
                    excluded.add(e);
                }
            }
            return new Decisions(candidates, excluded, fired);
        } finally {
            session.dispose();
        }
    }

    private static QualificationResult assess(QualificationPlan plan, List<org.pathwayengine.facts.Requirement> facts,
                                              List<Held> held, Decisions decisions, Catalog catalog,
                                              int credentialCount, Set<Integer> countedAnywhere) {
        String code = plan.qualification().code();
        List<Requirement.Leaf> leaves = plan.root().leaves();
        List<Candidate> candidates = new ArrayList<>();
        Set<String> decidedBy = new TreeSet<>();
        Map<Integer, Held> heldByIndex = new HashMap<>();
        held.forEach(h -> heldByIndex.put(h.getIndex(), h));
        for (org.pathwayengine.facts.Candidate c : decisions.candidates()) {
            if (c.getRequirement().getQualification().equals(code)) {
                boolean credits = "credits".equals(c.getRequirement().getKind());
                candidates.add(new Candidate(c.getHeld().getIndex(), c.getRequirement().getLeafIndex(),
                        credits ? c.getHeld().getCredits() : 1));
            }
        }
        // Exclusions that took a credential away from one of this qualification's requirements.
        Map<Integer, Set<String>> rulesByLeaf = new HashMap<>();
        for (Excluded e : decisions.excluded()) {
            for (org.pathwayengine.facts.Requirement f : facts) {
                if (e.appliesTo(f) && f.accepts(e.getHeld())) {
                    rulesByLeaf.computeIfAbsent(f.getLeafIndex(), k -> new TreeSet<>()).add(e.getRuleId());
                    decidedBy.add(e.getRuleId());
                }
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::credential).thenComparingInt(Candidate::leaf));
        ReqNode root = toNode(plan.root(), leaves, catalog);
        Allocation allocation = new Allocator(ALLOCATION_BUDGET)
                .allocate(new AllocationProblem(root, credentialCount, candidates));

        Map<Long, Double> weights = new HashMap<>();
        candidates.forEach(c -> weights.put(Trim.key(c.credential(), c.leaf()), c.weight()));
        Trim.Result trimmed = new Trim(allocation, leaves, weights).run(plan.root());
        Map<Integer, List<String>> countedByLeaf = new HashMap<>();
        Set<Integer> countedHere = new TreeSet<>();
        trimmed.credentialsByLeaf().forEach((leaf, credentials) -> credentials.forEach(i -> {
            countedByLeaf.computeIfAbsent(leaf, k -> new ArrayList<>()).add(heldByIndex.get(i).getCode());
            countedHere.add(i);
        }));
        Map<String, Double> creditsByFramework = new TreeMap<>();
        for (int i : countedHere) {
            Held h = heldByIndex.get(i);
            countedAnywhere.add(i);
            if (h.getFramework() != null && h.getCredits() > 0) {
                creditsByFramework.merge(h.getFramework(), h.getCredits(), Double::sum);
            }
        }
        for (org.pathwayengine.facts.Candidate c : decisions.candidates()) {
            if (c.getRequirement().getQualification().equals(code)
                    && trimmed.credentialsByLeaf().getOrDefault(c.getRequirement().getLeafIndex(), List.of())
                    .contains(c.getHeld().getIndex())) {
                decidedBy.add(c.getRuleId());
            }
        }
        Explainer explainer = new Explainer(allocation, trimmed.units(), leaves, countedByLeaf, rulesByLeaf, catalog);
        RequirementResult tree = explainer.describe(plan.root());
        boolean eligible = allocation.satisfied();
        Status status = eligible ? Status.ELIGIBLE : countedByLeaf.isEmpty() ? Status.NOT_STARTED : Status.IN_PROGRESS;
        double remaining = eligible ? 0 : Math.ceil(allocation.remainingEffort());
        var q = plan.qualification();
        return new QualificationResult(q.code(), q.title(), q.type(), q.level(), plan.pathway(), status,
                explainer.summary(status, q.title(), remaining), remaining,
                creditsByFramework.entrySet().stream().map(e -> new CreditTotal(e.getKey(), e.getValue())).toList(),
                tree, List.copyOf(decidedBy), allocation.exact());
    }

    private static ReqNode toNode(Requirement r, List<Requirement.Leaf> leaves, Catalog catalog) {
        if (r instanceof Requirement.Nested n) {
            return new ReqNode.AllOf(n.id(), List.of(toNode(n.inner(), leaves, catalog)));
        }
        if (r instanceof Requirement.Choose c) {
            return new ReqNode.AtLeast(c.id(), c.n(), c.children().stream().map(x -> toNode(x, leaves, catalog))
                    .toList());
        }
        if (r instanceof Requirement.AllOf a) {
            return new ReqNode.AllOf(a.id(), a.children().stream().map(x -> toNode(x, leaves, catalog)).toList());
        }
        int index = leaves.indexOf(r);
        if (r instanceof Requirement.CredentialLeaf c) {
            double hours = catalog.microcredential(c.code()).map(Microcredential::hours).orElse(0);
            return new ReqNode.Leaf(c.id(), index, 1, Double.POSITIVE_INFINITY, hours, c.shareable());
        }
        if (r instanceof Requirement.CountLeaf c) {
            return new ReqNode.Leaf(c.id(), index, c.count(), Double.POSITIVE_INFINITY,
                    Effort.hoursPerCredential(c.filter(), catalog), c.shareable());
        }
        Requirement.CreditsLeaf c = (Requirement.CreditsLeaf) r;
        return new ReqNode.Leaf(c.id(), index, c.credits(), c.atMost() == null ? Double.POSITIVE_INFINITY : c.atMost(),
                Effort.hoursPerCredit(c.filter(), catalog), c.shareable());
    }
}
