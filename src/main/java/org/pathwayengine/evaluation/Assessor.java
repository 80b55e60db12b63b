package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.evaluation.EvaluationResult.CreditTotal;
import org.pathwayengine.evaluation.EvaluationResult.CreditUse;
import org.pathwayengine.evaluation.EvaluationResult.LeftOut;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.evaluation.allocation.Allocation;
import org.pathwayengine.evaluation.allocation.AllocationProblem;
import org.pathwayengine.evaluation.allocation.Allocator;
import org.pathwayengine.evaluation.allocation.Edge;
import org.pathwayengine.evaluation.allocation.MeanMark;
import org.pathwayengine.evaluation.allocation.OptimisticBound;
import org.pathwayengine.evaluation.allocation.ReqNode;
import org.pathwayengine.facts.Candidate;
import org.pathwayengine.facts.Excluded;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.RequirementTree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides one qualification for one evaluation: the candidates Drools allowed, weighted by the credit they carry
 * there, the award's cap on prior learning, the exact allocation, and the explanation. The planner asks it the
 * same question with prospective credentials added.
 */
final class Assessor {

    private final Catalog catalog;
    private final CreditCounter counter;
    private final Evaluator.Decisions decisions;
    private final Map<Integer, Held> byIndex = new HashMap<>();
    private final int givenCount;
    private final Set<Integer> countedAnywhere = new TreeSet<>();
    private final Map<String, ReqNode> nodes = new HashMap<>();

    private final Exceptions exceptions;
    private final Map<Integer, String> substitutedFrom;
    private final SearchSizes sizes;

    Assessor(Catalog catalog, CreditCounter counter, Evaluator.Decisions decisions, List<Held> held, int givenCount) {
        this(catalog, counter, decisions, held, givenCount, Exceptions.NONE, Map.of());
    }

    /**
     * @param exceptions      the registrar's exceptions that apply: waived and forced requirements need nothing
     * @param substitutedFrom held credentials a substitution made count as another, by index, with their own code
     */
    Assessor(Catalog catalog, CreditCounter counter, Evaluator.Decisions decisions, List<Held> held, int givenCount,
             Exceptions exceptions, Map<Integer, String> substitutedFrom) {
        this(catalog, counter, decisions, held, givenCount, exceptions, substitutedFrom, new SearchSizes());
    }

    /** @param sizes where the allocations' search sizes are added up, for the evaluation's metrics */
    Assessor(Catalog catalog, CreditCounter counter, Evaluator.Decisions decisions, List<Held> held, int givenCount,
             Exceptions exceptions, Map<Integer, String> substitutedFrom, SearchSizes sizes) {
        this.sizes = sizes;
        this.exceptions = exceptions;
        this.substitutedFrom = substitutedFrom;
        this.catalog = catalog;
        this.counter = counter;
        this.decisions = decisions;
        this.givenCount = givenCount;
        held.forEach(h -> byIndex.put(h.getIndex(), h));
        decisions.candidates().forEach(c -> byIndex.putIfAbsent(c.getHeld().getIndex(), c.getHeld()));
        // Grouped once: a catalog of hundreds of qualifications has thousands of candidates, and each
        // qualification's assessment and plans would otherwise scan them all.
        decisions.candidates().forEach(c -> byQualification
                .computeIfAbsent(c.getRequirement().getQualification(), k -> new ArrayList<>()).add(c));
    }

    private final Map<String, List<Candidate>> byQualification = new HashMap<>();

    /** The candidates Drools allowed for one qualification, in the order Drools gave them. */
    private List<Candidate> candidatesOf(String qualification) {
        return byQualification.getOrDefault(qualification, List.of());
    }

    /** Credentials counted towards at least one qualification so far. */
    Set<Integer> countedAnywhere() {
        return countedAnywhere;
    }

    Held held(int index) {
        return byIndex.get(index);
    }

    /**
     * Candidates of a qualification among the credentials `include` accepts, after the award's RPL cap; for the
     * planner, which asks thousands of times and never reports what the cap left out.
     */
    List<Edge> candidates(Award award, java.util.function.IntPredicate include) {
        return candidates(award, include, null);
    }

    /**
     * Candidates of a qualification among the credentials `include` accepts, after the award's RPL cap.
     *
     * @param leftOut receives what the cap left out, with why; null when nobody will read it
     */
    List<Edge> candidates(Award award, java.util.function.IntPredicate include, List<LeftOut> leftOut) {
        // Weighing a candidate converts and recognises credit; the planner asks thousands of times, so weigh once.
        List<Edge> every = weighed.computeIfAbsent(award.qualification().code(), k -> weigh(k,
                award.root().leaves()));
        List<Edge> all = new ArrayList<>();
        for (Edge c : every) {
            if (include.test(c.credential())) {
                all.add(c);
            }
        }
        if (award.credit() == null || award.credit().rplCap() == null) {
            return all;
        }
        return RplCap.apply(award.credit().rplCap(), award.credit().partialBlocks(), award.root().leaves(), all,
                this, leftOut);
    }

    private final Map<String, List<Edge>> weighed = new HashMap<>();

    /** Every allocation candidate Drools allowed for the qualification, weighted by what it counts there. */
    private List<Edge> weigh(String qualification, List<RequirementTree.Leaf> leaves) {
        List<Edge> out = new ArrayList<>();
        for (Candidate c : candidatesOf(qualification)) {
            int leaf = c.getRequirement().getLeafIndex();
            if (leaves.get(leaf) instanceof RequirementTree.CreditsLeaf credits) {
                counter.count(c.getHeld(), credits).ifPresent(counted ->
                        out.add(new Edge(c.getHeld().getIndex(), leaf, counted.credits())));
            } else {
                out.add(new Edge(c.getHeld().getIndex(), leaf, 1));
            }
        }
        return out;
    }

    Allocation allocate(Award award, List<Edge> candidates, int credentialCount) {
        Allocation allocation = new Allocator(Evaluator.ALLOCATION_BUDGET)
                .allocate(problem(award, candidates, credentialCount));
        sizes.allocated(allocation.explored());
        return allocation;
    }

    /** Whether these candidates can complete the qualification (a goal test: no least effort is sought). */
    boolean satisfiable(Award award, List<Edge> candidates, int credentialCount) {
        // Most of the planner's tests fail even with every credential counted everywhere at once: no search then.
        if (!bounds.computeIfAbsent(award.qualification().code(), k -> new OptimisticBound(root(award)))
                .mayHold(candidates)) {
            return false;
        }
        Allocator.Feasibility feasibility = new Allocator(Evaluator.ALLOCATION_BUDGET)
                .feasibility(problem(award, candidates, credentialCount));
        sizes.allocated(feasibility.explored());
        return feasibility.satisfiable();
    }

    private final Map<String, OptimisticBound> bounds = new HashMap<>();

    SearchSizes sizes() {
        return sizes;
    }

    private AllocationProblem problem(Award award, List<Edge> candidates, int credentialCount) {
        return new AllocationProblem(root(award), credentialCount, candidates, means(award, credentialCount));
    }

    private ReqNode root(Award award) {
        return nodes.computeIfAbsent(award.qualification().code(), k -> toNode(k, award.root(),
                award.root().leaves()));
    }

    /**
     * The average-mark conditions of a qualification's leaves, with each credential's mark. A credential not earned
     * yet (a next step) is taken at the average asked, the lowest mark that keeps it.
     */
    private List<MeanMark> means(Award award, int credentialCount) {
        // Goal tests ask thousands of times with the same credentials: find the averaged leaves once.
        return means.computeIfAbsent(award.qualification().code() + "#" + credentialCount,
                k -> averagedLeaves(award, credentialCount));
    }

    private final Map<String, List<MeanMark>> means = new HashMap<>();

    private List<MeanMark> averagedLeaves(Award award, int credentialCount) {
        List<MeanMark> out = new ArrayList<>();
        List<RequirementTree.Leaf> leaves = award.root().leaves();
        for (int leaf = 0; leaf < leaves.size(); leaf++) {
            Double mean = leaves.get(leaf).meanMark();
            if (mean == null) {
                continue;
            }
            double[] marks = new double[credentialCount];
            for (int i = 0; i < credentialCount; i++) {
                Held h = byIndex.get(i);
                marks[i] = h == null ? Double.NaN
                        : h.isProspect() || h.getSource() == Held.Source.PROBE ? mean
                        : h.getMark() == null ? Double.NaN : h.getMark();
            }
            out.add(new MeanMark(leaf, mean, marks));
        }
        return List.copyOf(out);
    }

    QualificationResult assess(Award award, List<Requirement> facts) {
        String code = award.qualification().code();
        List<RequirementTree.Leaf> leaves = award.root().leaves();
        List<LeftOut> leftOut = new ArrayList<>();
        List<Edge> candidates = candidates(award, i -> i < givenCount, leftOut);
        Set<String> decidedBy = new TreeSet<>();
        Map<Integer, Set<String>> rulesByLeaf = new HashMap<>();
        for (Excluded e : decisions.excluded()) {
            if (e.getHeld().isProspect()) {
                continue;
            }
            for (Requirement f : facts) {
                if (e.appliesTo(f) && f.accepts(e.getHeld())) {
                    rulesByLeaf.computeIfAbsent(f.getLeafIndex(), k -> new TreeSet<>()).add(e.getRuleId());
                    decidedBy.add(e.getRuleId());
                }
            }
        }
        Allocation allocation = allocate(award, candidates, givenCount);
        Map<Long, Double> weights = new HashMap<>();
        candidates.forEach(c -> weights.put(Trim.key(c.credential(), c.leaf()), c.weight()));
        Trim.Result trimmed = new Trim(allocation, leaves, weights).run(award.root());

        Map<Integer, List<String>> countedByLeaf = new HashMap<>();
        Map<Integer, List<CreditUse>> usesByLeaf = new HashMap<>();
        Map<Integer, List<String>> hypotheticalByLeaf = new HashMap<>();
        Set<Integer> countedHere = new TreeSet<>();
        Map<String, List<String>> exceptionsByNode = new HashMap<>();
        if (!exceptions.isEmpty()) {
            collectWaivers(code, award.root(), exceptionsByNode);
        }
        trimmed.credentialsByLeaf().forEach((leaf, credentials) -> credentials.forEach(i -> {
            Held h = byIndex.get(i);
            countedByLeaf.computeIfAbsent(leaf, k -> new ArrayList<>()).add(Evaluator.shown(h, substitutedFrom));
            if (!exceptions.isEmpty()) {
                exceptions.through(h.getCode(), substitutedFrom.get(i), code, leaves.get(leaf).id()).forEach(label -> {
                    List<String> labels = exceptionsByNode.computeIfAbsent(leaves.get(leaf).id(),
                            k -> new ArrayList<>());
                    if (!labels.contains(label)) {
                        labels.add(label);
                    }
                });
            }
            if (h.isHypothetical()) {
                hypotheticalByLeaf.computeIfAbsent(leaf, k -> new ArrayList<>()).add(h.getCode());
            }
            if (leaves.get(leaf) instanceof RequirementTree.CreditsLeaf credits) {
                counter.count(h, credits).filter(c -> c.conversion() != null || c.recognition() != null)
                        .ifPresent(c -> usesByLeaf.computeIfAbsent(leaf, k -> new ArrayList<>()).add(use(h, c)));
            }
            countedHere.add(i);
        }));
        // A prior-learning credential counted only in part (up to the award's cap) adds only that part.
        Map<String, Double> share = new HashMap<>();
        leftOut.stream().filter(l -> l.counted() != null)
                .forEach(l -> share.put(l.code(), l.counted() / (l.counted() + l.credits())));
        Set<Integer> inTree = new HashSet<>();
        trimmed.credentialsByLeaf().forEach((leaf, list) -> {
            if (!(leaves.get(leaf) instanceof RequirementTree.CreditsLeaf c && c.awardRule())) {
                inTree.addAll(list);
            }
        });
        Map<String, Double> creditsByFramework = new TreeMap<>();
        boolean dependsOnHypothetical = false;
        for (int i : countedHere) {
            Held h = byIndex.get(i);
            countedAnywhere.add(i);
            dependsOnHypothetical |= h.isHypothetical();
            if (h.getFramework() != null && h.getCredits() > 0) {
                double part = inTree.contains(i) ? 1 : share.getOrDefault(h.getCode(), 1.0);
                creditsByFramework.merge(h.getFramework(), h.getCredits() * part, Double::sum);
            }
        }
        Set<Long> kept = new HashSet<>();
        trimmed.credentialsByLeaf().forEach((leaf, list) -> list.forEach(i -> kept.add(Trim.key(i, leaf))));
        for (Candidate c : candidatesOf(code)) {
            if (kept.contains(Trim.key(c.getHeld().getIndex(), c.getRequirement().getLeafIndex()))) {
                decidedBy.add(c.getRuleId());
            }
        }
        Explainer explainer = new Explainer(allocation, trimmed.units(), leaves, countedByLeaf, rulesByLeaf, catalog,
                usesByLeaf, hypotheticalByLeaf, countedElsewhere(candidates, trimmed, leaves),
                belowAverage(candidates, countedHere, leaves), exceptionsByNode);
        RequirementResult tree = explainer.describe(award.root());
        boolean eligible = allocation.satisfied();
        Status status = eligible ? Status.ELIGIBLE : countedByLeaf.isEmpty() ? Status.NOT_STARTED : Status.IN_PROGRESS;
        Explainer.Blocking blocking = eligible ? Explainer.Blocking.NONE : explainer.blocking(award.root());
        // The allocator weighs a requirement the catalog cannot meet with a placeholder rate; that is no estimate.
        double placeholder = blocking.leaves().entrySet().stream()
                .mapToDouble(e -> e.getValue() * hoursPerUnit(e.getKey())).sum();
        double remaining = eligible ? 0 : Math.ceil(Math.max(0, allocation.remainingEffort() - placeholder));
        var q = award.qualification();
        return new QualificationResult(q.code(), q.title(), q.type(), q.level(), award.pathway(), status,
                explainer.summary(status, q.title(), remaining, blocking.reasons()), remaining,
                creditsByFramework.entrySet().stream().map(e -> new CreditTotal(e.getKey(), e.getValue())).toList(),
                tree, List.copyOf(decidedBy), allocation.exact(), dependsOnHypothetical, leftOut, null,
                blocking.reasons().isEmpty() ? null : blocking.reasons());
    }

    /** Every waived or forced requirement of the tree, labelled with the exception that did it. */
    private void collectWaivers(String qualification, RequirementTree node, Map<String, List<String>> out) {
        exceptions.waiver(qualification, node.id()).ifPresent(e -> out.computeIfAbsent(node.id(),
                k -> new ArrayList<>()).add(Exceptions.label(e)));
        if (node instanceof RequirementTree.Group g) {
            g.children().forEach(c -> collectWaivers(qualification, c, out));
        }
    }

    /**
     * For each leaf, the held credentials it would accept that count towards another requirement of the same
     * qualification instead (a credential counts once unless shareable), as "CODE counts towards 'title'".
     */
    private Map<Integer, List<String>> countedElsewhere(List<Edge> candidates, Trim.Result trimmed,
                                                        List<RequirementTree.Leaf> leaves) {
        Map<Integer, Integer> countedIn = new HashMap<>();
        trimmed.credentialsByLeaf().forEach((leaf, credentials) -> credentials.forEach(i -> countedIn.putIfAbsent(i,
                leaf)));
        Map<Integer, List<String>> out = new HashMap<>();
        for (Edge e : candidates) {
            Integer there = countedIn.get(e.credential());
            if (there != null && there != e.leaf()
                    && !trimmed.credentialsByLeaf().getOrDefault(e.leaf(), List.of()).contains(e.credential())) {
                String note = byIndex.get(e.credential()).getCode() + " counts towards '" + leaves.get(there).title()
                        + "'";
                List<String> notes = out.computeIfAbsent(e.leaf(), k -> new ArrayList<>());
                if (!notes.contains(note)) {
                    notes.add(note);
                }
            }
        }
        return out;
    }

    /**
     * For each average-mark leaf, the held credentials it accepts that count nowhere in the qualification because
     * their marks would pull the average below what it asks, as "CODE (mark M)".
     */
    private Map<Integer, List<String>> belowAverage(List<Edge> candidates, Set<Integer> countedHere,
                                                    List<RequirementTree.Leaf> leaves) {
        Map<Integer, List<String>> out = new HashMap<>();
        for (Edge e : candidates) {
            Double mean = leaves.get(e.leaf()).meanMark();
            Held h = byIndex.get(e.credential());
            if (mean != null && !countedHere.contains(e.credential()) && h.getMark() != null && h.getMark() < mean) {
                out.computeIfAbsent(e.leaf(), k -> new ArrayList<>())
                        .add(h.getCode() + " (mark " + org.pathwayengine.catalog.Numbers.plain(h.getMark()) + ")");
            }
        }
        return out;
    }

    private static CreditUse use(Held h, CreditCounter.Counted c) {
        return new CreditUse(h.getCode(), c.fromCredits(), c.fromFramework(), c.credits(), c.framework(), c.level(),
                c.conversion() == null ? null : c.conversion().id(),
                c.conversion() == null ? null : c.conversion().source(),
                c.recognition() == null ? null : c.recognition().getRuleId());
    }

    private ReqNode toNode(String qualification, RequirementTree r, List<RequirementTree.Leaf> leaves) {
        if (r instanceof RequirementTree.Group g && g.shareable()) {
            return new ReqNode.Shared(group(qualification, g, leaves));
        }
        return r instanceof RequirementTree.Group g ? group(qualification, g, leaves)
                : leaf(qualification, (RequirementTree.Leaf) r, leaves);
    }

    private ReqNode group(String qualification, RequirementTree.Group r, List<RequirementTree.Leaf> leaves) {
        // A waived or forced group is met whatever its parts hold: none of them is needed.
        boolean waived = exceptions.waiver(qualification, r.id()).isPresent();
        if (r instanceof RequirementTree.Nested n) {
            List<ReqNode> inner = List.of(toNode(qualification, n.inner(), leaves));
            return waived ? new ReqNode.AtLeast(n.id(), 0, inner) : new ReqNode.AllOf(n.id(), inner);
        }
        if (r instanceof RequirementTree.Choose c) {
            return new ReqNode.AtLeast(c.id(), waived ? 0 : c.n(), c.children().stream()
                    .map(x -> toNode(qualification, x, leaves)).toList());
        }
        if (r instanceof RequirementTree.AllOf a) {
            List<ReqNode> children = a.children().stream().map(x -> toNode(qualification, x, leaves)).toList();
            return waived ? new ReqNode.AtLeast(a.id(), 0, children) : new ReqNode.AllOf(a.id(), children);
        }
        throw new IllegalStateException("unknown group " + r);
    }

    private ReqNode leaf(String qualification, RequirementTree.Leaf leaf, List<RequirementTree.Leaf> leaves) {
        RequirementTree r = leaf;
        int index = leaves.indexOf(r);
        if (exceptions.waiver(qualification, leaf.id()).isPresent()) {
            // Waived or forced complete: met with nothing, and nothing need be placed there.
            return new ReqNode.Leaf(leaf.id(), index, 0, 0, 0, true);
        }
        if (r instanceof RequirementTree.CredentialLeaf c) {
            return new ReqNode.Leaf(c.id(), index, 1, Double.POSITIVE_INFINITY, hoursPerUnit(leaf), c.shareable());
        }
        if (r instanceof RequirementTree.CountLeaf c) {
            return new ReqNode.Leaf(c.id(), index, c.count(), Double.POSITIVE_INFINITY, hoursPerUnit(leaf),
                    c.shareable());
        }
        RequirementTree.CreditsLeaf c = (RequirementTree.CreditsLeaf) r;
        return new ReqNode.Leaf(c.id(), index, c.credits(), c.atMost() == null ? Double.POSITIVE_INFINITY : c.atMost(),
                hoursPerUnit(leaf), c.shareable());
    }

    /** The notional hours one more unit of a leaf costs (a credential, or a credit), as the allocator weighs it. */
    private double hoursPerUnit(RequirementTree.Leaf leaf) {
        if (leaf instanceof RequirementTree.CredentialLeaf c) {
            return catalog.microcredential(c.code()).map(Microcredential::hours).orElse(0);
        }
        if (leaf instanceof RequirementTree.CountLeaf c) {
            return Effort.hoursPerCredential(c.filter(), catalog);
        }
        RequirementTree.CreditsLeaf c = (RequirementTree.CreditsLeaf) leaf;
        return counter.hoursPerCredit(c, Effort.hoursPerCredit(c.filter(), catalog));
    }
}
