package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.evaluation.EvaluationResult.NextStep;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.Step;
import org.pathwayengine.evaluation.allocation.Allocation;
import org.pathwayengine.evaluation.allocation.Candidate;
import org.pathwayengine.evaluation.planning.Item;
import org.pathwayengine.evaluation.planning.Plan;
import org.pathwayengine.evaluation.planning.PlanResult;
import org.pathwayengine.evaluation.planning.Planner;
import org.pathwayengine.facts.Held;
import org.pathwayengine.pathway.QualificationPlan;
import org.pathwayengine.pathway.Requirement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Next steps: for each qualification not yet earned, the cheapest set of catalog credentials (notional hours,
 * then credits) whose addition makes it complete, prerequisites included and ordered first, checked by the same
 * policies and allocator as the answer itself; then all plans ranked, nearest first.
 */
final class Advisor {

    /** Goal tests (allocations) one qualification's plan may use. */
    static final long PLAN_BUDGET = 3_000;

    private final Catalog catalog;
    private final Assessor assessor;
    private final Prerequisites prerequisites;
    private final List<Held> prospects;
    private final int firstProspect;

    Advisor(Catalog catalog, Assessor assessor, Prerequisites prerequisites, List<Held> prospects) {
        this.catalog = catalog;
        this.assessor = assessor;
        this.prerequisites = prerequisites;
        this.prospects = prospects;
        this.firstProspect = prospects.isEmpty() ? 0 : prospects.get(0).getIndex();
    }

    List<NextStep> nextSteps(Collection<QualificationPlan> plans,
                             Map<String, List<org.pathwayengine.facts.Requirement>> leafFacts,
                             List<QualificationResult> results) {
        Map<String, QualificationPlan> byCode = new LinkedHashMap<>();
        plans.forEach(p -> byCode.put(p.qualification().code(), p));
        List<NextStep> steps = new ArrayList<>();
        for (QualificationResult result : results) {
            if (result.status() != Status.ELIGIBLE) {
                plan(byCode.get(result.code()), result).ifPresent(steps::add);
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

    private java.util.Optional<NextStep> plan(QualificationPlan plan, QualificationResult result) {
        if (prospects.isEmpty()) {
            return java.util.Optional.empty();
        }
        int total = firstProspect + prospects.size();
        // Items: prospects this qualification could use, with their prerequisites among the prospects.
        List<Candidate> possible = assessor.candidates(plan, i -> i >= firstProspect, new ArrayList<>());
        List<Integer> chosenProspects = new ArrayList<>();
        possible.forEach(c -> {
            if (!chosenProspects.contains(c.credential())) {
                chosenProspects.add(c.credential());
            }
        });
        Map<String, Integer> itemOf = new LinkedHashMap<>();
        List<Held> itemHeld = new ArrayList<>();
        for (int i = 0; i < chosenProspects.size(); i++) {
            addWithPrerequisites(held(chosenProspects.get(i)).getCode(), itemOf, itemHeld, new ArrayList<>());
        }
        List<Item> items = new ArrayList<>();
        for (Held h : itemHeld) {
            List<Integer> requires = new ArrayList<>();
            Microcredential m = catalog.microcredentials().get(h.getCode());
            if (m.prerequisites() != null && !prerequisites.satisfied(h.getCode(), java.util.Set.of())) {
                for (String p : m.prerequisites().allOf()) {
                    if (itemOf.containsKey(p)) {
                        requires.add(itemOf.get(p));
                    }
                }
                cheapestOptions(m, itemOf).forEach(requires::add);
            }
            items.add(new Item(h.getCode(), h.getHours(), h.getCredits(), requires));
        }
        Map<Integer, Integer> itemByIndex = new HashMap<>();
        for (int i = 0; i < itemHeld.size(); i++) {
            itemByIndex.put(itemHeld.get(i).getIndex(), i);
        }
        java.util.function.Function<BitSet, IntPredicate> members = set -> i -> i < firstProspect
                || (itemByIndex.containsKey(i) && set.get(itemByIndex.get(i)));
        PlanResult found = new Planner(PLAN_BUDGET).plan(items, set -> assessor.allocate(plan,
                assessor.candidates(plan, members.apply(set), new ArrayList<>()), total).satisfied(), 1);
        if (found.plans().isEmpty()) {
            return java.util.Optional.empty();
        }
        Plan best = found.plans().get(0);
        BitSet chosen = new BitSet();
        best.items().forEach(chosen::set);
        Allocation allocation = assessor.allocate(plan, assessor.candidates(plan, members.apply(chosen),
                new ArrayList<>()), total);
        List<Requirement.Leaf> leaves = plan.root().leaves();
        List<Step> steps = new ArrayList<>();
        for (int item : best.items()) {
            Held h = itemHeld.get(item);
            List<Integer> in = allocation.countedIn().get(h.getIndex());
            String why = in.isEmpty() ? "a prerequisite of the next step"
                    : "counts towards '" + leaves.get(in.get(0)).title() + "'";
            steps.add(new Step(h.getCode(), h.getTitle(), h.getHours(), h.getCredits(), why));
        }
        String reason = "completes " + result.title() + ": " + steps.size() + " credential"
                + (steps.size() == 1 ? "" : "s") + ", " + Explainer.fmt(best.hours()) + " hours";
        return java.util.Optional.of(new NextStep(0, result.code(), result.title(), result.status(), reason,
                best.hours(), best.credits(), steps, found.exact()));
    }

    /** For "N of" prerequisites not met, the cheapest missing options, so the plan pulls in a sufficient set. */
    private List<Integer> cheapestOptions(Microcredential m, Map<String, Integer> itemOf) {
        var p = m.prerequisites();
        if (p.choose() == null) {
            return List.of();
        }
        return p.from().stream().filter(itemOf::containsKey)
                .sorted(Comparator.comparingInt(c -> catalog.microcredentials().get(c).hours()))
                .limit(p.choose()).map(itemOf::get).toList();
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
        if (m.prerequisites() != null) {
            m.prerequisites().codes().forEach(p -> addWithPrerequisites(p, itemOf, itemHeld, path));
        }
        path.remove(path.size() - 1);
        itemOf.put(code, itemHeld.size());
        itemHeld.add(h);
    }

    private Held held(int index) {
        return prospects.get(index - firstProspect);
    }
}
