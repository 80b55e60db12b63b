package org.pathwayengine.evaluation.planning;

import org.junit.jupiter.api.Test;
import org.pathwayengine.evaluation.allocation.AllocationProblem;
import org.pathwayengine.evaluation.allocation.Allocator;
import org.pathwayengine.evaluation.allocation.Edge;
import org.pathwayengine.evaluation.allocation.ReqNode;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Compares the planner with an exhaustive oracle on thousands of small random catalogues whose goals are real
 * requirement trees decided by the allocator.
 */
class PlannerPropertyTest {

    private static final long SEED = 20250312L;
    private static final int CATALOGUES = 3_000;
    private static final int TOP = 3;
    private static final double TOLERANCE = 1e-9;

    @Test
    void matchesExhaustiveSearchOnRandomCatalogues() {
        Random seeds = new Random(SEED);
        Planner planner = new Planner(1_000_000);
        int none = 0;
        int empty = 0;
        int multiItem = 0;
        int withPrerequisites = 0;
        int cutWithoutPlan = 0;
        for (int i = 0; i < CATALOGUES; i++) {
            long seed = seeds.nextLong();
            Instance instance = Instance.random(new Random(seed));
            String where = "catalogue #" + i + " (seed " + seed + "L): " + instance;

            List<Set<Integer>> expected = Oracle.bestPlans(instance, TOP);
            PlanResult best = planner.plan(instance.items, instance.goal, 1);
            PlanResult top = planner.plan(instance.items, instance.goal, TOP);

            assertThat(best.exact()).as(where).isTrue();
            assertThat(top.exact()).as(where).isTrue();
            if (expected.isEmpty()) {
                none++;
                assertThat(best.plans()).as(where + ": oracle found no plan").isEmpty();
                assertThat(top.plans()).as(where + ": oracle found no plan").isEmpty();
                continue;
            }
            assertThat(best.plans()).as(where).hasSize(1);
            Plan plan = best.plans().get(0);
            Set<Integer> optimum = expected.get(0);
            assertThat(plan.hours()).as(where + " hours").isCloseTo(Oracle.hours(instance, optimum), within(TOLERANCE));
            assertThat(plan.credits()).as(where + " credits")
                    .isCloseTo(Oracle.credits(instance, optimum), within(TOLERANCE));
            assertValidPlan(instance, plan, where);
            // The documented tie-break (size, then codes) makes the chosen set itself reproducible.
            assertThat(Set.copyOf(plan.items())).as(where + " tie-break").isEqualTo(optimum);

            assertThat(top.plans()).as(where + " top " + TOP).hasSize(expected.size());
            for (int k = 0; k < expected.size(); k++) {
                Plan p = top.plans().get(k);
                assertValidPlan(instance, p, where + " plan " + k);
                assertThat(Set.copyOf(p.items())).as(where + " plan " + k).isEqualTo(expected.get(k));
                for (int j = 0; j < k; j++) {
                    assertThat(p.items().containsAll(top.plans().get(j).items()))
                            .as(where + " plan " + k + " contains plan " + j).isFalse();
                }
            }

            // A smaller budget may stop early: then it keeps a prefix of the exact plans, or falls back to one plan
            // that is valid and minimal though perhaps not cheapest.
            Random cut = new Random(seed ^ 0x5DEECE66DL);
            long budget = 1 + cut.nextInt((int) top.explored());
            PlanResult partial = new Planner(budget).plan(instance.items, instance.goal, TOP);
            String cutWhere = where + " with budget " + budget;
            if (partial.exact()) {
                assertThat(partial.plans()).as(cutWhere).isEqualTo(top.plans());
            } else {
                assertThat(partial.explored()).as(cutWhere).isLessThanOrEqualTo(budget + instance.items.size());
                List<Plan> prefix = top.plans().subList(0, Math.min(partial.plans().size(), top.plans().size()));
                if (!partial.plans().equals(prefix)) {
                    assertThat(partial.plans()).as(cutWhere + " fallback").hasSize(1);
                    assertValidPlan(instance, partial.plans().get(0), cutWhere + " fallback");
                }
                if (partial.plans().isEmpty()) {
                    cutWithoutPlan++;
                }
            }

            if (plan.items().isEmpty()) {
                empty++;
            }
            if (plan.items().size() > 1) {
                multiItem++;
            }
            if (plan.items().stream().anyMatch(item -> !instance.items.get(item).requires().isEmpty())) {
                withPrerequisites++;
            }
        }
        System.out.printf("planner property test: %d catalogues, %d without plan, %d empty, %d multi-item,"
                + " %d using prerequisites, %d budget cuts before any plan%n", CATALOGUES, none, empty, multiItem,
                withPrerequisites, cutWithoutPlan);
        // Guard against a generator that only ever produces trivial cases.
        assertThat(none).isBetween(CATALOGUES / 50, CATALOGUES / 2);
        assertThat(empty).isLessThan(CATALOGUES / 5);
        assertThat(multiItem).isGreaterThan(CATALOGUES / 5);
        assertThat(withPrerequisites).isGreaterThan(CATALOGUES / 10);
    }

    /** Closed under prerequisites, listed in a valid order, satisfies the goal, and no item can be dropped. */
    static void assertValidPlan(Instance instance, Plan plan, String where) {
        List<Integer> order = plan.items();
        assertThat(order).as(where + " distinct").doesNotHaveDuplicates();
        Set<Integer> seen = new HashSet<>();
        for (int item : order) {
            assertThat(seen).as(where + ": prerequisites of " + item + " listed before it")
                    .containsAll(instance.items.get(item).requires());
            seen.add(item);
        }
        assertThat(instance.goal.test(bits(seen))).as(where + ": goal holds").isTrue();
        for (int item : seen) {
            Set<Integer> smaller = new HashSet<>(seen);
            removeWithDependents(instance, smaller, item);
            assertThat(instance.goal.test(bits(smaller))).as(where + ": plan minimal, without " + item).isFalse();
        }
    }

    private static void removeWithDependents(Instance instance, Set<Integer> set, int item) {
        if (!set.remove(item)) {
            return;
        }
        for (int other : new ArrayList<>(set)) {
            if (instance.items.get(other).requires().contains(item)) {
                removeWithDependents(instance, set, other);
            }
        }
    }

    static BitSet bits(Set<Integer> set) {
        BitSet b = new BitSet();
        set.forEach(b::set);
        return b;
    }

    /** A random catalogue and a goal backed by a random requirement tree. */
    static final class Instance {
        final List<Item> items;
        final ReqNode tree;
        final List<Edge> candidates;
        final Predicate<BitSet> goal;

        Instance(List<Item> items, ReqNode tree, List<Edge> candidates) {
            this.items = items;
            this.tree = tree;
            this.candidates = candidates;
            Allocator allocator = new Allocator(1_000_000);
            Map<BitSet, Boolean> memo = new HashMap<>();
            this.goal = chosen -> memo.computeIfAbsent((BitSet) chosen.clone(), s -> {
                List<Edge> held = new ArrayList<>();
                for (Edge c : candidates) {
                    if (s.get(c.credential())) {
                        held.add(c);
                    }
                }
                return allocator.allocate(new AllocationProblem(tree, items.size(), held)).satisfied();
            });
        }

        static Instance random(Random r) {
            int n = 2 + r.nextInt(8);
            List<String> codes = new ArrayList<>();
            while (codes.size() < n) {
                String code = "" + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26)) + r.nextInt(10);
                if (!codes.contains(code)) {
                    codes.add(code);
                }
            }
            // Prerequisites only point backwards in a random order, so they are acyclic but not index-sorted.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, r);
            List<List<Integer>> requires = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                requires.add(new ArrayList<>());
            }
            for (int k = 1; k < n; k++) {
                for (int j = 0; j < k; j++) {
                    if (r.nextDouble() < 0.15 && requires.get(order.get(k)).size() < 2) {
                        requires.get(order.get(k)).add(order.get(j));
                    }
                }
            }
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // Coarse values often, so that ties in hours and credits are common.
                double hours = r.nextInt(3) == 0 ? 10 * (1 + r.nextInt(3))
                        : 5 + r.nextInt(196) + (r.nextBoolean() ? 0.5 : 0);
                double credits = r.nextInt(3) == 0 ? 5 * r.nextInt(3) : r.nextInt(31);
                items.add(new Item(codes.get(i), hours, credits, requires.get(i)));
            }

            List<ReqNode.Leaf> leaves = new ArrayList<>();
            ReqNode tree = randomNode(r, 0, leaves);
            List<Edge> candidates = new ArrayList<>();
            for (ReqNode.Leaf leaf : leaves) {
                boolean byCredits = leaf.id().startsWith("cr");
                for (int i = 0; i < n; i++) {
                    if (r.nextDouble() < 0.5) {
                        candidates.add(new Edge(i, leaf.index(), byCredits ? items.get(i).credits() : 1.0));
                    }
                }
            }
            return new Instance(items, tree, candidates);
        }

        private static ReqNode randomNode(Random r, int depth, List<ReqNode.Leaf> leaves) {
            if (depth > 0 && (depth >= 2 || r.nextDouble() < 0.5)) {
                int index = leaves.size();
                boolean shareable = r.nextDouble() < 0.2;
                ReqNode.Leaf leaf = r.nextDouble() < 0.3
                        ? new ReqNode.Leaf("cr" + index, index, 5 * (1 + r.nextInt(6)), Double.POSITIVE_INFINITY, 1,
                                shareable)
                        : new ReqNode.Leaf("un" + index, index, r.nextInt(3) == 0 ? 1 + r.nextInt(3) : 1,
                                Double.POSITIVE_INFINITY, 1, shareable);
                leaves.add(leaf);
                return leaf;
            }
            int width = 1 + r.nextInt(3);
            List<ReqNode> children = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                children.add(randomNode(r, depth + 1, leaves));
            }
            String id = "n" + depth + "_" + leaves.size() + "_" + r.nextInt(1_000_000);
            return r.nextBoolean() ? new ReqNode.AllOf(id, children)
                    : new ReqNode.AtLeast(id, 1 + r.nextInt(width), children);
        }

        @Override
        public String toString() {
            return "items=" + items + ", tree=" + tree + ", candidates=" + candidates;
        }
    }

    /** Exhaustive search written independently of the planner: every subset, filtered and sorted. */
    static final class Oracle {

        static List<Set<Integer>> bestPlans(Instance instance, int limit) {
            int n = instance.items.size();
            List<Set<Integer>> satisfying = new ArrayList<>();
            for (int mask = 0; mask < (1 << n); mask++) {
                Set<Integer> set = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    if ((mask & (1 << i)) != 0) {
                        set.add(i);
                    }
                }
                if (closed(instance, set) && instance.goal.test(bits(set))) {
                    satisfying.add(set);
                }
            }
            Comparator<Set<Integer>> byCost = Comparator.<Set<Integer>>comparingDouble(s -> hours(instance, s))
                    .thenComparingDouble(s -> credits(instance, s))
                    .thenComparingInt(Set::size)
                    .thenComparing(s -> sortedCodes(instance, s), Oracle::compareLists);
            satisfying.sort(byCost);
            List<Set<Integer>> chosen = new ArrayList<>();
            for (Set<Integer> s : satisfying) {
                if (chosen.size() == limit) {
                    break;
                }
                if (chosen.stream().noneMatch(s::containsAll)) {
                    chosen.add(s);
                }
            }
            return chosen;
        }

        static boolean closed(Instance instance, Set<Integer> set) {
            for (int i : set) {
                if (!set.containsAll(instance.items.get(i).requires())) {
                    return false;
                }
            }
            return true;
        }

        static double hours(Instance instance, Set<Integer> set) {
            return set.stream().mapToDouble(i -> instance.items.get(i).hours()).sum();
        }

        static double credits(Instance instance, Set<Integer> set) {
            return set.stream().mapToDouble(i -> instance.items.get(i).credits()).sum();
        }

        private static List<String> sortedCodes(Instance instance, Set<Integer> set) {
            return set.stream().map(i -> instance.items.get(i).code()).sorted().toList();
        }

        private static int compareLists(List<String> a, List<String> b) {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                int c = a.get(i).compareTo(b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        }
    }
}
