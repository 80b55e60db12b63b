package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.catalog.Numbers;
import org.pathwayengine.evaluation.EvaluationResult.NextStep;
import org.pathwayengine.evaluation.EvaluationResult.NotPlanned;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.Step;
import org.pathwayengine.evaluation.allocation.Allocation;
import org.pathwayengine.evaluation.planning.Item;
import org.pathwayengine.evaluation.planning.Plan;
import org.pathwayengine.evaluation.planning.PlanResult;
import org.pathwayengine.evaluation.planning.Planner;
import org.pathwayengine.facts.Excluded;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.RequirementTree;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Next steps: for each qualification not yet earned, the cheapest set of catalog credentials (notional hours,
 * then credits) whose addition makes it complete, prerequisites included and ordered first, checked by the same
 * policies and allocator as the answer itself; then all plans ranked, nearest first.
 */
final class Advisor {

    /** Goal tests (allocations) one qualification's plan may use. */
    static final long PLAN_BUDGET = 3_000;
    /**
     * Goal tests all the plans of one evaluation may use together. Qualifications are planned nearest first, so a
     * learner whose credentials touch dozens of qualifications still gets exact plans to the nearest ones in
     * bounded time; the rest are named in {@code notPlanned}.
     */
    static final long EVALUATION_PLAN_BUDGET = 12_000;

    private final Catalog catalog;
    private final Assessor assessor;
    private final PrerequisiteCheck prerequisites;
    private final List<Held> prospects;
    private final int firstProspect;
    private final Map<String, Award> byCode = new LinkedHashMap<>();
    private final List<NotPlanned> notPlanned = new ArrayList<>();
    private final List<Excluded> excluded;
    /** Each qualification's entry requirements, walked out of its tree once: goal tests ask thousands of times. */
    private final Map<String, List<QualificationGate.Entry>> entries = new HashMap<>();
    private final long budget;
    private long spent;

    /** Held credentials by code (earned ones only), whose renewals a plan may weigh. */
    private final Map<String, Held> heldByCode = new HashMap<>();

    /**
     * @param held     the request's credentials (held and hypothetical)
     * @param excluded the exclusions the rules made, of held and planned credentials alike
     */
    Advisor(Catalog catalog, Assessor assessor, PrerequisiteCheck prerequisites, List<Held> held,
            List<Held> prospects, List<Excluded> excluded, long budget) {
        this.budget = budget;
        this.excluded = excluded;
        held.stream().filter(h -> h.getSource() == Held.Source.HELD).forEach(h -> heldByCode.putIfAbsent(h.getCode(), h));
        this.catalog = catalog;
        this.assessor = assessor;
        this.prerequisites = prerequisites;
        this.prospects = prospects;
        this.firstProspect = prospects.isEmpty() ? 0 : prospects.get(0).getIndex();
    }

    List<NextStep> nextSteps(Collection<Award> plans,
                             Map<String, List<Requirement>> leafFacts,
                             List<QualificationResult> results) {
        plans.forEach(p -> byCode.put(p.qualification().code(), p));
        List<NextStep> steps = new ArrayList<>();
        // Results come nearest first (status, then remaining hours), which is the order plans are made in.
        for (QualificationResult result : results) {
            if (result.status() == Status.ELIGIBLE) {
                continue;
            }
            long left = budget - spent;
            if (left <= 0) {
                notPlanned.add(new NotPlanned(result.code(), result.title(), "not planned: this evaluation's"
                        + " planning budget was spent on nearer qualifications", List.of()));
                continue;
            }
            Award award = byCode.get(result.code());
            Attempt attempt = nextStep(award, result, Math.min(PLAN_BUDGET, left));
            if (attempt.step() != null) {
                steps.add(attempt.step());
            } else {
                notPlanned.add(whyNoPlan(award, result, attempt.cutShort(), leafFacts));
            }
        }
        steps.sort(Comparator.comparingDouble(NextStep::hours).thenComparingDouble(NextStep::credits)
                .thenComparing(NextStep::qualification));
        List<NextStep> ranked = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            NextStep s = steps.get(i);
            ranked.add(new NextStep(i + 1, s.qualification(), s.title(), s.status(), s.reason(), s.hours(),
                    s.credits(), s.steps(), s.exact()));
        }
        return ranked;
    }

    /** Qualifications not yet earned that got no plan, each with why. */
    List<NotPlanned> notPlanned() {
        return List.copyOf(notPlanned);
    }

    /**
     * Why the planner found no plan. Planned credentials are catalog credentials as if awarded on the as-of date
     * by their catalog issuer, assessed as the catalog says and with no grade yet; a rule that excludes them
     * (one that wants a grade, say) leaves nothing to plan with, and is named.
     */
    private NotPlanned whyNoPlan(Award award, QualificationResult result, boolean limitReached,
                                 Map<String, List<Requirement>> leafFacts) {
        if (result.cannotComplete() != null) {
            return new NotPlanned(result.code(), result.title(), "no plan: the catalog cannot complete it ("
                    + String.join("; ", result.cannotComplete()) + ")", List.of());
        }
        if (limitReached) {
            return new NotPlanned(result.code(), result.title(), "no plan found within the search limit for one"
                    + " qualification (" + PLAN_BUDGET + " combinations)", List.of());
        }
        List<Requirement> requirements = leafFacts.getOrDefault(result.code(), List.of());
        Map<String, String> rules = new TreeMap<>();
        for (Excluded e : excluded) {
            if (e.getHeld().isProspect() && (e.getQualification() == null && e.getRequirement() == null
                    || requirements.stream().anyMatch(e::appliesTo))) {
                rules.putIfAbsent(e.getRuleId(), e.getReason());
            }
        }
        if (!rules.isEmpty()) {
            List<String> said = new ArrayList<>();
            rules.forEach((id, why) -> said.add(id + ": " + why));
            return new NotPlanned(result.code(), result.title(), "no plan: no combination of catalog credentials"
                    + " completes it, and the rules exclude planned credentials from it (planned ones are awarded"
                    + " on the as-of date, with no grade yet): " + String.join("; ", said),
                    List.copyOf(rules.keySet()));
        }
        return new NotPlanned(result.code(), result.title(), prospects.isEmpty()
                ? "no plan: no catalog credential the learner does not hold would count towards it"
                : "no plan: no combination of catalog credentials completes it", List.of());
    }

    /**
     * One qualification's plan search.
     *
     * @param step     the plan, or null when none was found
     * @param cutShort whether the search hit its own limit before it could tell
     */
    private record Attempt(NextStep step, boolean cutShort) {
    }

    private Attempt nextStep(Award award, QualificationResult result, long budget) {
        if (prospects.isEmpty()) {
            return new Attempt(null, false);
        }
        int total = firstProspect + prospects.size();
        // Items: prospects this qualification (or a qualification it has as a prerequisite) could use, and the
        // credentials its prerequisites name, each with their own prerequisites among the prospects.
        List<Award> needed = neededAwards(award);
        // Held credentials that may count somewhere on the way: a renewal of one of them would add nothing there
        // (and must not count beside it), so it is weighed only to unblock a prerequisite.
        java.util.Set<Integer> heldCounts = new java.util.HashSet<>();
        for (Award p : needed) {
            assessor.candidates(p, i -> i < firstProspect)
                    .forEach(c -> heldCounts.add(c.credential()));
        }
        java.util.Set<String> wanted = new java.util.LinkedHashSet<>();
        for (Award p : needed) {
            assessor.candidates(p, i -> i >= firstProspect).stream()
                    .map(c -> held(c.credential()))
                    .filter(h -> !h.isRenewal() || renewable(h, heldCounts))
                    .forEach(h -> wanted.add(h.getCode()));
            entries(p).forEach(e -> e.prerequisites().codes().stream()
                    .filter(c -> catalog.microcredentials().containsKey(c)
                            && !prerequisites.met(c, e.prerequisites().within()))
                    .forEach(wanted::add));
        }
        Map<String, Integer> itemOf = new LinkedHashMap<>();
        List<Held> itemHeld = new ArrayList<>();
        for (String code : wanted) {
            addWithPrerequisites(code, itemOf, itemHeld, new ArrayList<>());
        }
        List<Item> items = new ArrayList<>();
        for (Held h : itemHeld) {
            List<Integer> requires = new ArrayList<>();
            Microcredential m = catalog.microcredentials().get(h.getCode());
            if (!prerequisites.satisfied(h.getCode())) {
                for (String p : m.prerequisites().allOf()) {
                    if (itemOf.containsKey(p) && !prerequisites.met(p, m.prerequisites().within())) {
                        requires.add(itemOf.get(p));
                    }
                }
                cheapestOptions(m, itemOf).forEach(requires::add);
            }
            items.add(new Item(h.getCode(), h.getHours(), h.getCredits(), requires));
        }
        // The item each credential is, by its index (-1: none); goal tests ask this for every candidate.
        int[] itemByIndex = new int[total];
        java.util.Arrays.fill(itemByIndex, -1);
        for (int i = 0; i < itemHeld.size(); i++) {
            Held h = itemHeld.get(i);
            // A credential and its renewal never count together: where the held one may count, the renewal only
            // meets prerequisites; elsewhere the held one has nothing to count towards.
            if (!h.isRenewal() || renewable(h, heldCounts)) {
                itemByIndex[h.getIndex()] = i;
            }
        }
        java.util.function.Function<BitSet, IntPredicate> members = set -> i -> i < firstProspect
                || i < total && itemByIndex[i] >= 0 && set.get(itemByIndex[i]);
        long[] calls = {0};
        PlanResult found = new Planner(budget).plan(items, set -> {
            calls[0]++;
            return complete(award, members.apply(set), set, itemOf, total, new java.util.HashSet<>());
        }, 1);
        spent += calls[0];
        assessor.sizes().goalTests(calls[0]);
        if (found.plans().isEmpty()) {
            return new Attempt(null, !found.exact());
        }
        Plan best = found.plans().get(0);
        BitSet chosen = new BitSet();
        best.items().forEach(chosen::set);
        Allocation allocation = assessor.allocate(award, assessor.candidates(award, members.apply(chosen)), total);
        List<RequirementTree.Leaf> leaves = award.root().leaves();
        List<Step> steps = new ArrayList<>();
        for (int item : best.items()) {
            Held h = itemHeld.get(item);
            List<Integer> in = allocation.countedIn().get(h.getIndex());
            String why = !in.isEmpty() ? "counts towards '" + leaves.get(in.get(0)).title() + "'"
                    : why(h.getCode(), needed, members.apply(chosen), total);
            if (h.isRenewal()) {
                why = "take it again, as the one held " + renewalReason(h.getCode(), needed) + "; " + why;
            }
            steps.add(new Step(h.getCode(), h.getTitle(), h.getHours(), h.getCredits(), why,
                    h.isRenewal() ? true : null));
        }
        String reason = "completes " + result.title() + ": " + steps.size() + " credential"
                + (steps.size() == 1 ? "" : "s") + ", " + Numbers.rounded(best.hours()) + " hours";
        return new Attempt(new NextStep(0, result.code(), result.title(), result.status(), reason,
                best.hours(), best.credits(), steps, found.exact()), false);
    }

    /**
     * The goal of a plan: every requirement of the qualification met, and its own prerequisites too, where a
     * prerequisite qualification must itself be complete with the same additions (the graph is acyclic).
     */
    private boolean complete(Award award, IntPredicate members, BitSet set, Map<String, Integer> itemOf,
                             int total, java.util.Set<String> visiting) {
        // An award that, through inclusion and prerequisites, needs itself can never be completed.
        String code = award.qualification().code();
        if (!visiting.add(code)) {
            return false;
        }
        try {
            if (!assessor.satisfiable(award, assessor.candidates(award, members), total)) {
                return false;
            }
            // A missing prerequisite counts as met when the plan earns it, or, for a qualification, completes it.
            java.util.function.Predicate<String> earned = c -> catalog.qualifications().containsKey(c)
                    ? byCode.containsKey(c) && complete(byCode.get(c), members, set, itemOf, total, visiting)
                    : itemOf.containsKey(c) && set.get(itemOf.get(c));
            return entries(award).stream().allMatch(e -> prerequisites.meets(e.prerequisites(), earned));
        } finally {
            visiting.remove(code);
        }
    }

    private List<QualificationGate.Entry> entries(Award award) {
        return entries.computeIfAbsent(award.qualification().code(),
                k -> QualificationGate.entryRequirements(catalog, award));
    }

    /** "a prerequisite of X" when one of the plan's entry requirements names the code. */
    private java.util.Optional<String> prerequisiteOf(Award award, String code) {
        return entries(award).stream().filter(e -> e.prerequisites().codes().contains(code)).findFirst()
                .map(e -> "a prerequisite of " + e.from().title());
    }

    /** This qualification and every qualification its prerequisites name that the learner has not earned yet. */
    private List<Award> neededAwards(Award award) {
        List<Award> out = new ArrayList<>(List.of(award));
        for (int i = 0; i < out.size(); i++) {
            for (String code : entries(out.get(i)).stream()
                    .flatMap(e -> e.prerequisites().codes().stream()).toList()) {
                Award q = byCode.get(code);
                if (q != null && !out.contains(q) && !prerequisites.met(code, null)) {
                    out.add(q);
                }
            }
        }
        return out;
    }

    /** Why a planned credential that counts towards no requirement of the goal itself is in the plan. */
    private String why(String code, List<Award> needed, IntPredicate members, int total) {
        Award goal = needed.get(0);
        java.util.Optional<String> ofGoal = prerequisiteOf(goal, code);
        if (ofGoal.isPresent()) {
            return ofGoal.get();
        }
        for (Award q : needed.subList(1, needed.size())) {
            Allocation a = assessor.allocate(q, assessor.candidates(q, members), total);
            boolean counts = prospects.stream().anyMatch(h -> h.getCode().equals(code)
                    && !a.countedIn().get(h.getIndex()).isEmpty());
            if (counts) {
                return "counts towards " + q.qualification().title() + ", a prerequisite of "
                        + goal.qualification().title();
            }
            java.util.Optional<String> ofNeeded = prerequisiteOf(q, code);
            if (ofNeeded.isPresent()) {
                return ofNeeded.get();
            }
        }
        return "a prerequisite of the next step";
    }

    /** For "N of" prerequisites not met, the cheapest missing options, so the plan pulls in a sufficient set. */
    private List<Integer> cheapestOptions(Microcredential m, Map<String, Integer> itemOf) {
        var p = m.prerequisites();
        if (p.choose() == null) {
            return List.of();
        }
        long have = p.from().stream().filter(c -> prerequisites.met(c, p.within())).count();
        return p.from().stream().filter(c -> itemOf.containsKey(c) && !prerequisites.met(c, p.within()))
                .sorted(Comparator.comparingInt(c -> catalog.microcredentials().get(c).hours()))
                .limit(Math.max(0, p.choose() - have)).map(itemOf::get).toList();
    }

    /**
     * Whether a renewal may count: the held copy may count nowhere on the way to the goal, and was not awarded
     * after the as-of date (a credential not valid yet needs waiting, not retaking).
     */
    private boolean renewable(Held renewal, java.util.Set<Integer> heldCounts) {
        Held original = heldByCode.get(renewal.getCode());
        return original != null && !heldCounts.contains(original.getIndex())
                && !original.getAwarded().isAfter(renewal.getAwarded());
    }

    /** Why the held copy of a credential does not serve: the rule that kept it out here, or a prerequisite's age. */
    private String renewalReason(String code, List<Award> needed) {
        Held held = heldByCode.get(code);
        for (Excluded e : excluded) {
            if (e.getHeld() == held && (e.getQualification() == null && e.getRequirement() == null
                    || needed.stream().anyMatch(a -> a.qualification().code().equals(e.getQualification())))) {
                return "does not count: " + e.getReason() + " [" + e.getRuleId() + "]";
            }
        }
        return "was awarded on " + held.getAwarded() + ", too long ago for a prerequisite";
    }

    private void addWithPrerequisites(String code, Map<String, Integer> itemOf, List<Held> itemHeld,
                                      List<String> path) {
        if (itemOf.containsKey(code) || path.contains(code)) {
            return;
        }
        Held h = prospects.stream().filter(x -> x.getCode().equals(code)).findFirst().orElse(null);
        if (h == null) {
            return;
        }
        path.add(code);
        Microcredential m = catalog.microcredentials().get(code);
        // Prerequisites the learner already meets need no step (nor a renewal of what meets them).
        if (m.prerequisites() != null && !prerequisites.satisfied(code)) {
            m.prerequisites().codes().stream().filter(p -> !prerequisites.met(p, m.prerequisites().within()))
                    .forEach(p -> addWithPrerequisites(p, itemOf, itemHeld, path));
        }
        path.remove(path.size() - 1);
        itemOf.put(code, itemHeld.size());
        itemHeld.add(h);
    }

    private Held held(int index) {
        return prospects.get(index - firstProspect);
    }
}
