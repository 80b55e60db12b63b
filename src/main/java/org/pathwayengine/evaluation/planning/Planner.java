package org.pathwayengine.evaluation.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Finds the cheapest sets of credentials a learner could earn next to reach a goal, respecting prerequisites.
 *
 * <h2>What is returned</h2>
 * Plans are prerequisite-closed sets of items that satisfy a monotone goal, ordered by total hours, then total
 * credits, then number of items, then the sorted item codes compared lexicographically (equal codes fall back to
 * item index). Every plan is minimal: dropping any item, together with the items in the plan that need it, breaks
 * the goal. With {@code limit > 1} later plans are the next cheapest minimal sets that are not supersets of an
 * earlier plan. Costs are compared after rounding each item's hours and credits to a millionth (1e-6), so
 * decimal inputs such as 0.1 + 0.2 tie with 0.3 as a user would expect; the reported totals are plain sums.
 *
 * <h2>How</h2>
 * A best-first (uniform-cost) search over prerequisite-closed sets. Items are numbered in a topological order; a
 * closed set is generated only from the closed set without its highest-numbered item, so every set has exactly one
 * parent and no visited-set table is needed. A set is always more expensive than its parent and than the siblings
 * generated before it (siblings are enumerated cheapest item first), so each popped set only pushes its cheapest
 * child and its next sibling, and sets leave the queue in exactly the plan order above. The goal is tested when a
 * set is popped, so the first satisfying set is the cheapest, and every cheaper closed subset of a later set has
 * already been seen, which is what makes the plans minimal. Monotonicity of the goal is used three ways:
 * <ul>
 *   <li>items without which the full catalogue fails (essential items) are put into every set from the start,
 *       at a cost of one goal test per item;</li>
 *   <li>before expanding a failing set, the largest set its subtree can reach is tested, and if even that fails
 *       the whole subtree is dropped;</li>
 *   <li>a bounded memory of failed sets answers tests on their subsets without calling the goal.</li>
 * </ul>
 * Sets containing an already returned plan are never generated.
 *
 * <h2>Cost</h2>
 * In the worst case the search is exponential: it visits every closed set that is cheaper than the last plan
 * returned (up to 2<sup>n</sup> sets for n items) and makes up to two goal tests per visited set, plus n + 2 tests
 * up front. Each visit costs O(n) word operations for generating successors plus O(m·n/64) for the failed-set
 * memory (m = 256). Memory is O(V·n/64) words for V visited sets, because each visit adds at
 * most one queued set; V never exceeds the budget. In practice the cost is driven by how many cheap closed sets
 * fail the goal: with essentials removed and subtree bounds applied, realistic catalogues of about 25 items and
 * optimal plans of one to five items need a few dozen to a few thousand goal tests (see the project notes for
 * measured figures).
 *
 * <h2>Budget</h2>
 * {@code explored} counts goal tests, whether answered by the goal or by monotonicity. When it reaches the budget the
 * search stops and reports {@code exact = false} with the plans found so far. If it had found none but the full
 * catalogue is known to satisfy the goal, one fallback plan is built greedily (start from everything, drop the most
 * expensive items while the goal still holds): it is minimal but not necessarily cheapest, and costs at most n
 * goal tests beyond the budget.
 *
 * <p>Instances are immutable and may be shared between threads; the goal must be a pure function of its argument
 * (each call gets its own {@link BitSet}, indexed like the item list).
 */
public final class Planner {

    /** Largest hours or credits value an item may have. */
    public static final double MAX_COST = 1e9;

    /** Most items one call accepts (the cost sums are exact 64-bit integers at this size). */
    public static final int MAX_ITEMS = 8192;

    private static final double SCALE = 1e6;

    // Failed sets remembered per call; the oldest is forgotten beyond this.
    private static final int FALSE_MEMORY = 256;

    private final long budget;

    public Planner(long budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be >= 1 but was " + budget);
        }
        this.budget = budget;
    }

    /**
     * The cheapest plans, best first, at most {@code limit} of them, such that {@code goal.test(chosen)} holds for
     * the set of chosen item indexes. The goal must be monotone (if it holds for a set it holds for every
     * superset). Every plan is closed under {@link Item#requires()} and minimal; a plan containing an earlier plan
     * is skipped. If the goal holds for the empty set the single empty plan is returned; if it holds for no set, no
     * plans are returned.
     *
     * @throws IllegalArgumentException if an argument is null, {@code limit < 1}, there are more than
     *                                  {@link #MAX_ITEMS} items, or a requirement index is out of range, names the
     *                                  item itself, or the requirements form a cycle
     */
    public PlanResult plan(List<Item> items, Predicate<BitSet> goal, int limit) {
        if (items == null) {
            throw new IllegalArgumentException("items must not be null");
        }
        if (goal == null) {
            throw new IllegalArgumentException("goal must not be null");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 but was " + limit);
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                throw new IllegalArgumentException("items must not contain null (index " + i + ")");
            }
        }
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("at most " + MAX_ITEMS + " items can be planned over but got "
                    + items.size());
        }
        List<Item> list = List.copyOf(items);
        checkRequirements(list);
        return new Search(list, goal, limit, budget).run();
    }

    private static void checkRequirements(List<Item> items) {
        int n = items.size();
        for (int i = 0; i < n; i++) {
            for (int r : items.get(i).requires()) {
                if (r < 0 || r >= n) {
                    throw new IllegalArgumentException(describe(items, i) + " requires index " + r
                            + " but item indexes are 0.." + (n - 1));
                }
                if (r == i) {
                    throw new IllegalArgumentException(describe(items, i) + " requires itself");
                }
            }
        }
        // Iterative depth-first search; a requirement leading back onto the current path closes a cycle.
        byte[] state = new byte[n];
        int[] path = new int[n];
        int[] nextEdge = new int[n];
        for (int start = 0; start < n; start++) {
            if (state[start] != 0) {
                continue;
            }
            int depth = 0;
            path[0] = start;
            nextEdge[0] = 0;
            state[start] = 1;
            while (depth >= 0) {
                int at = path[depth];
                List<Integer> requires = items.get(at).requires();
                if (nextEdge[depth] == requires.size()) {
                    state[at] = 2;
                    depth--;
                    continue;
                }
                int r = requires.get(nextEdge[depth]++);
                if (state[r] == 1) {
                    StringBuilder cycle = new StringBuilder("prerequisite cycle: ");
                    int from = depth;
                    while (path[from] != r) {
                        from--;
                    }
                    for (int d = from; d <= depth; d++) {
                        cycle.append(describe(items, path[d])).append(" requires ");
                    }
                    throw new IllegalArgumentException(cycle.append(describe(items, r)).toString());
                }
                if (state[r] == 0) {
                    state[r] = 1;
                    depth++;
                    path[depth] = r;
                    nextEdge[depth] = 0;
                }
            }
        }
    }

    private static String describe(List<Item> items, int i) {
        return "item '" + items.get(i).code() + "' (index " + i + ")";
    }

    /** Thrown inside one search when the budget is used up. */
    private static final class OutOfBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfBudget() {
            super("planning budget exhausted", null, false, false);
        }
    }

    /**
     * A closed set in the search tree. Bits are item positions in the topological order ({@code set}) and in the
     * code order ({@code ranks}, used only for the final tie-break).
     */
    private static final class Node {
        final long[] set;
        final long[] ranks;
        final long hours;
        final long credits;
        final int size;
        // Position of the item added to the parent (the highest free position in the set), -1 at the root.
        final int last;
        final int parentLast;
        // Index into byKey of that item, so the next sibling continues the scan from there.
        final int keyIndex;
        // The largest set the parent's subtree can reach; the goal is known to hold for it.
        final long[] parentUpper;

        Node(long[] set, long[] ranks, long hours, long credits, int size, int last, int parentLast, int keyIndex,
                long[] parentUpper) {
            this.set = set;
            this.ranks = ranks;
            this.hours = hours;
            this.credits = credits;
            this.size = size;
            this.last = last;
            this.parentLast = parentLast;
            this.keyIndex = keyIndex;
            this.parentUpper = parentUpper;
        }
    }

    /** One planning run. */
    private static final class Search {

        private final List<Item> items;
        private final Predicate<BitSet> goal;
        private final int limit;
        private final long budget;
        private final int n;
        private final int words;

        // Everything below is indexed by position in the topological order.
        private final int[] itemAt;
        private final long[][] prereq;
        private final int[][] dependents;
        private final long[][] dependentClosure;
        private final long[] hoursUnits;
        private final long[] creditUnits;
        private final int[] rank;
        // Positions sorted by (hours, credits, rank): the order in which siblings are generated.
        private final int[] byKey;
        private final long[] all;
        private final long[] essential;

        private final List<long[]> plans = new ArrayList<>();
        private final List<long[]> failed = new ArrayList<>();
        private long explored;
        private boolean allSatisfies;

        Search(List<Item> items, Predicate<BitSet> goal, int limit, long budget) {
            this.items = items;
            this.goal = goal;
            this.limit = limit;
            this.budget = budget;
            this.n = items.size();
            this.words = (n + 63) >>> 6;

            long[] hoursByItem = new long[n];
            long[] creditsByItem = new long[n];
            for (int i = 0; i < n; i++) {
                hoursByItem[i] = Math.round(items.get(i).hours() * SCALE);
                creditsByItem[i] = Math.round(items.get(i).credits() * SCALE);
            }
            Integer[] byCode = new Integer[n];
            for (int i = 0; i < n; i++) {
                byCode[i] = i;
            }
            Arrays.sort(byCode, Comparator.<Integer, String>comparing(i -> items.get(i).code())
                    .thenComparingInt(i -> i));
            int[] rankByItem = new int[n];
            for (int r = 0; r < n; r++) {
                rankByItem[byCode[r]] = r;
            }

            this.itemAt = topologicalOrder(hoursByItem, creditsByItem, rankByItem);
            int[] position = new int[n];
            for (int p = 0; p < n; p++) {
                position[itemAt[p]] = p;
            }
            this.prereq = new long[n][];
            this.hoursUnits = new long[n];
            this.creditUnits = new long[n];
            this.rank = new int[n];
            List<List<Integer>> dependentLists = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                dependentLists.add(new ArrayList<>());
            }
            for (int p = 0; p < n; p++) {
                int item = itemAt[p];
                prereq[p] = new long[words];
                for (int r : items.get(item).requires()) {
                    int q = position[r];
                    if (!has(prereq[p], q)) {
                        add(prereq[p], q);
                        dependentLists.get(q).add(p);
                    }
                }
                hoursUnits[p] = hoursByItem[item];
                creditUnits[p] = creditsByItem[item];
                rank[p] = rankByItem[item];
            }
            this.dependents = new int[n][];
            this.dependentClosure = new long[n][];
            // Dependents come later in the order, so a backward pass sees their closures first.
            for (int p = n - 1; p >= 0; p--) {
                dependents[p] = dependentLists.get(p).stream().mapToInt(Integer::intValue).toArray();
                long[] closure = new long[words];
                add(closure, p);
                for (int d : dependents[p]) {
                    orInto(closure, dependentClosure[d]);
                }
                dependentClosure[p] = closure;
            }
            Integer[] keyOrder = new Integer[n];
            for (int p = 0; p < n; p++) {
                keyOrder[p] = p;
            }
            Arrays.sort(keyOrder, Comparator.<Integer>comparingLong(p -> hoursUnits[p])
                    .thenComparingLong(p -> creditUnits[p])
                    .thenComparingInt(p -> rank[p]));
            this.byKey = Arrays.stream(keyOrder).mapToInt(Integer::intValue).toArray();
            this.all = new long[words];
            for (int p = 0; p < n; p++) {
                add(all, p);
            }
            this.essential = new long[words];
        }

        /**
         * Kahn's algorithm, taking the most expensive ready item first: cheap items then sit late in the order,
         * so the cheap sets the search visits first have few items left above them and their subtree bounds are
         * small, which is what lets failing subtrees be dropped.
         */
        private int[] topologicalOrder(long[] hoursByItem, long[] creditsByItem, int[] rankByItem) {
            int[] missing = new int[n];
            List<List<Integer>> requiredBy = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                requiredBy.add(new ArrayList<>());
            }
            for (int i = 0; i < n; i++) {
                for (int r : items.get(i).requires().stream().distinct().toList()) {
                    missing[i]++;
                    requiredBy.get(r).add(i);
                }
            }
            PriorityQueue<Integer> ready = new PriorityQueue<>(Comparator.<Integer>comparingLong(i -> -hoursByItem[i])
                    .thenComparingLong(i -> -creditsByItem[i])
                    .thenComparingInt(i -> rankByItem[i]));
            for (int i = 0; i < n; i++) {
                if (missing[i] == 0) {
                    ready.add(i);
                }
            }
            int[] order = new int[n];
            int count = 0;
            while (!ready.isEmpty()) {
                int i = ready.poll();
                order[count++] = i;
                for (int d : requiredBy.get(i)) {
                    if (--missing[d] == 0) {
                        ready.add(d);
                    }
                }
            }
            if (count != n) {
                throw new IllegalStateException("requirements were checked to be acyclic");
            }
            return order;
        }

        PlanResult run() {
            try {
                if (test(new long[words], true)) {
                    plans.add(new long[words]);
                    return result(true);
                }
                if (n == 0 || !test(all, true)) {
                    return result(true);
                }
                allSatisfies = true;
                findEssentials();
                bestFirst();
                return result(true);
            } catch (OutOfBudget e) {
                if (plans.isEmpty() && allSatisfies) {
                    plans.add(greedyFallback());
                }
                return result(false);
            }
        }

        /** An item is essential if the goal fails without it and everything that needs it. */
        private void findEssentials() {
            for (int p = n - 1; p >= 0; p--) {
                boolean needed = false;
                for (int d : dependents[p]) {
                    // Removing p removes its dependents too, so an essential dependent makes p essential.
                    if (has(essential, d)) {
                        needed = true;
                        break;
                    }
                }
                if (!needed) {
                    long[] without = all.clone();
                    andNotInto(without, dependentClosure[p]);
                    // Not remembered as failed: every set searched contains the essentials, so it would never help.
                    needed = !test(without, false);
                }
                if (needed) {
                    add(essential, p);
                }
            }
        }

        private void bestFirst() {
            PriorityQueue<Node> open = new PriorityQueue<>(Search::compare);
            long[] base = essential.clone();
            long[] baseRanks = new long[words];
            long hours = 0;
            long credits = 0;
            int size = 0;
            for (int p = 0; p < n; p++) {
                if (has(base, p)) {
                    add(baseRanks, rank[p]);
                    hours += hoursUnits[p];
                    credits += creditUnits[p];
                    size++;
                }
            }
            open.add(new Node(base, baseRanks, hours, credits, size, -1, -1, -1, all));
            while (!open.isEmpty() && plans.size() < limit) {
                Node x = open.poll();
                if (x.keyIndex >= 0) {
                    Node sibling = nextSibling(x);
                    if (sibling != null) {
                        open.add(sibling);
                    }
                }
                if (containsPlan(x.set)) {
                    // Queued before that plan was found; all its descendants contain the plan as well.
                    continue;
                }
                if (test(x.set, true)) {
                    plans.add(x.set);
                    continue;
                }
                long[] upper = upperBound(x);
                if (Arrays.equals(upper, x.set)) {
                    continue;
                }
                if (!Arrays.equals(upper, x.parentUpper) && !test(upper, true)) {
                    continue;
                }
                Node child = makeChild(x.set, x.ranks, x.hours, x.credits, x.size, x.last, upper, 0);
                if (child != null) {
                    open.add(child);
                }
            }
        }

        /** The largest closed set in x's subtree: x plus every item above x.last whose prerequisites can be met. */
        private long[] upperBound(Node x) {
            long[] upper = x.set.clone();
            for (int p = x.last + 1; p < n; p++) {
                if (!has(upper, p) && subset(prereq[p], upper)) {
                    add(upper, p);
                }
            }
            return upper;
        }

        private Node nextSibling(Node x) {
            int p = x.last;
            long[] parentSet = x.set.clone();
            remove(parentSet, p);
            long[] parentRanks = x.ranks.clone();
            remove(parentRanks, rank[p]);
            return makeChild(parentSet, parentRanks, x.hours - hoursUnits[p], x.credits - creditUnits[p], x.size - 1,
                    x.parentLast, x.parentUpper, x.keyIndex + 1);
        }

        /**
         * The cheapest child of the given parent whose added item comes at or after {@code fromKey} in byKey order,
         * skipping children that contain a found plan, or null.
         */
        private Node makeChild(long[] parentSet, long[] parentRanks, long hours, long credits, int size,
                int parentLast, long[] parentUpper, int fromKey) {
            for (int k = fromKey; k < n; k++) {
                int p = byKey[k];
                if (p <= parentLast || has(parentSet, p) || !subset(prereq[p], parentSet)) {
                    continue;
                }
                long[] set = parentSet.clone();
                add(set, p);
                if (containsPlan(set)) {
                    continue;
                }
                long[] ranks = parentRanks.clone();
                add(ranks, rank[p]);
                return new Node(set, ranks, hours + hoursUnits[p], credits + creditUnits[p], size + 1, p, parentLast,
                        k, parentUpper);
            }
            return null;
        }

        private static int compare(Node a, Node b) {
            int c = Long.compare(a.hours, b.hours);
            if (c != 0) {
                return c;
            }
            c = Long.compare(a.credits, b.credits);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(a.size, b.size);
            if (c != 0) {
                return c;
            }
            // Equal sizes: the sorted rank lists first differ at the lowest rank only one set holds.
            for (int w = 0; w < a.ranks.length; w++) {
                long diff = a.ranks[w] ^ b.ranks[w];
                if (diff != 0) {
                    return (a.ranks[w] & diff & -diff) != 0 ? -1 : 1;
                }
            }
            return 0;
        }

        private boolean containsPlan(long[] set) {
            for (long[] plan : plans) {
                if (subset(plan, set)) {
                    return true;
                }
            }
            return false;
        }

        /** Tests the goal, counting the test against the budget when asked to. */
        private boolean test(long[] set, boolean remember) {
            return test(set, remember, true);
        }

        private boolean test(long[] set, boolean remember, boolean enforceBudget) {
            if (enforceBudget && explored >= budget) {
                throw new OutOfBudget();
            }
            explored++;
            if (containsPlan(set)) {
                return true;
            }
            for (long[] f : failed) {
                if (subset(set, f)) {
                    return false;
                }
            }
            BitSet chosen = new BitSet(n);
            for (int p = 0; p < n; p++) {
                if (has(set, p)) {
                    chosen.set(itemAt[p]);
                }
            }
            boolean ok = goal.test(chosen);
            if (!ok && remember) {
                failed.removeIf(f -> subset(f, set));
                failed.add(set.clone());
                if (failed.size() > FALSE_MEMORY) {
                    failed.remove(0);
                }
            }
            return ok;
        }

        /** Everything, then the most expensive items dropped one by one while the goal still holds. */
        private long[] greedyFallback() {
            long[] set = all.clone();
            Integer[] order = new Integer[n];
            for (int p = 0; p < n; p++) {
                order[p] = byKey[n - 1 - p];
            }
            for (int p : order) {
                if (!has(set, p) || has(essential, p)) {
                    continue;
                }
                long[] smaller = set.clone();
                andNotInto(smaller, dependentClosure[p]);
                if (test(smaller, false, false)) {
                    set = smaller;
                }
            }
            return set;
        }

        private PlanResult result(boolean exact) {
            List<Plan> out = new ArrayList<>(plans.size());
            for (long[] set : plans) {
                out.add(toPlan(set));
            }
            return new PlanResult(out, exact, explored);
        }

        /** Lists the plan's items, each as soon as its prerequisites are listed, lowest index first. */
        private Plan toPlan(long[] set) {
            boolean[] chosen = new boolean[n];
            int count = 0;
            for (int p = 0; p < n; p++) {
                if (has(set, p)) {
                    chosen[itemAt[p]] = true;
                    count++;
                }
            }
            double hours = 0;
            double credits = 0;
            for (int i = 0; i < n; i++) {
                if (chosen[i]) {
                    hours += items.get(i).hours();
                    credits += items.get(i).credits();
                }
            }
            boolean[] listed = new boolean[n];
            List<Integer> order = new ArrayList<>(count);
            while (order.size() < count) {
                for (int i = 0; i < n; i++) {
                    if (chosen[i] && !listed[i] && allListed(items.get(i).requires(), listed)) {
                        listed[i] = true;
                        order.add(i);
                        break;
                    }
                }
            }
            return new Plan(order, hours, credits);
        }

        private static boolean allListed(List<Integer> requires, boolean[] listed) {
            for (int r : requires) {
                if (!listed[r]) {
                    return false;
                }
            }
            return true;
        }

        private static boolean has(long[] set, int bit) {
            return (set[bit >>> 6] & (1L << bit)) != 0;
        }

        private static void add(long[] set, int bit) {
            set[bit >>> 6] |= 1L << bit;
        }

        private static void remove(long[] set, int bit) {
            set[bit >>> 6] &= ~(1L << bit);
        }

        private static void orInto(long[] target, long[] other) {
            for (int w = 0; w < target.length; w++) {
                target[w] |= other[w];
            }
        }

        private static void andNotInto(long[] target, long[] other) {
            for (int w = 0; w < target.length; w++) {
                target[w] &= ~other[w];
            }
        }

        private static boolean subset(long[] a, long[] b) {
            for (int w = 0; w < a.length; w++) {
                if ((a[w] & ~b[w]) != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
