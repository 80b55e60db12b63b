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
 * earlier plan. Costs are compared after rounding each item's hours and credits to a millionth, so decimal inputs
 * such as 0.1 + 0.2 tie with 0.3 as a user would expect; the reported totals are plain sums. A plan lists its items
 * so that each comes after its prerequisites, taking the lowest ready index first.
 *
 * <h2>How</h2>
 * <ol>
 *   <li>The empty set (goal already met: one empty plan) and the full catalogue (goal unreachable: no plan) are
 *       tested first.</li>
 *   <li>An incumbent is built greedily: starting from the full catalogue, each item, most expensive first, is
 *       dropped with everything that needs it whenever the goal still holds. The result is minimal (by
 *       monotonicity one pass suffices) and costs at most n goal tests.</li>
 *   <li>Essential items, without which the full catalogue fails, are in every plan. Only items of the incumbent can
 *       be essential, and failed drops made while the incumbent was still the full catalogue already were such
 *       tests, so this costs at most one test per remaining incumbent item. The search starts from the essentials.
 *   </li>
 *   <li>A best-first (uniform-cost) search over prerequisite-closed supersets of the essentials. Items are numbered
 *       in a topological order (most expensive ready item first); a set is generated only from the set without its
 *       highest-numbered added item, so every set has exactly one parent and no visited-set table is needed. A set
 *       costs more than its parent and than the siblings generated before it (siblings are enumerated cheapest
 *       item first), so each popped set pushes only its cheapest child and its next sibling, and sets leave the
 *       queue in exactly the plan order above. The goal is tested when a set is popped: the first satisfying set
 *       is the cheapest, and every cheaper closed subset of a later set has been seen before it, which is what
 *       makes plans minimal. Sets containing a found plan are never expanded.</li>
 *   <li>When a failing set is expanded, the largest set its subtree can reach is recorded as a bound; it is tested
 *       only when the set's first child comes out of the queue (so bounds of sets whose children are never needed
 *       cost nothing), and if even the bound fails, the whole subtree is dropped. Until the first plan is found a
 *       bound only takes items that keep the cost within the incumbent's, since the first plan costs no more;
 *       subtrees dropped only because of that cap are resumed after the first plan when {@code limit > 1}. A bound
 *       equal to the parent's is known to hold, and a memory of the last 256 maximal failed sets answers tests on
 *       their subsets without calling the goal.</li>
 * </ol>
 *
 * <h2>Cost</h2>
 * The problem is NP-hard in general (it contains set cover), and this search is exponential in the worst case: it
 * may visit every closed set cheaper than the last plan returned, up to 2<sup>n</sup>, with at most two goal tests
 * per visited set (its own and its parent's bound), plus at most 2n + 2 tests up front. With an opaque monotone
 * goal that is largely unavoidable: for "any k of n equally priced items" every set of k - 1 items must be ruled out
 * by some failing test, and the only failing superset of such a set is the set itself. Besides the goal, a visit
 * costs at most O(n<sup>2</sup>) elementary steps for the bound and successors (O(n·w) without long prerequisite
 * chains, w = ⌈n/64⌉ words per set) and O(256·w) for the failed-set memory. Memory is O(B·w) words for a budget of
 * B goal tests, since only a visit that tests the goal can grow the queue, and by one set at most.
 *
 * <p>Measured on 25-item catalogues with goals decided by the allocator (100 to 300 random catalogues per shape):
 * under random requirement trees, plans of one to five items took on average 25 to 330 goal tests and at most
 * about 1,000, plans of six to eight items at most about 2,300; credit and unit pools with plans of up to five items
 * stayed under 400; "any 5 of 25 equally priced items" took up to 5,600 with random prerequisites and 17,000
 * without, against a floor of 12,650 (each 4-item set must be tested); goals needing 9 to 20 of the 25 items took
 * up to about 10<sup>5</sup> tests, for which the budget and its fallback plan are the answer. The search itself
 * adds a few microseconds per goal test.
 *
 * <h2>Budget</h2>
 * {@code explored} counts goal tests, whether answered by the goal or from monotonicity. When it reaches the budget
 * the search stops and reports {@code exact = false} with the plans found so far. If none had been found yet but
 * the full catalogue satisfies the goal, the greedy incumbent is returned as a single fallback plan: minimal but
 * not necessarily cheapest. If the budget runs out while that incumbent is still being built, building it is
 * finished anyway, which costs at most n goal tests beyond the budget.
 *
 * <p>Instances are immutable and may be shared between threads; the goal must be a pure, monotone function of its
 * argument (each call gets its own {@link BitSet}, indexed like the item list).
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
        // Bound on the parent's subtree, shared by all siblings; null at the root.
        final Bound parentBound;
        // Goal already known to fail: a set whose expansion was deferred and is now resumed.
        final boolean resumed;

        Node(long[] set, long[] ranks, long hours, long credits, int size, int last, int parentLast, int keyIndex,
                Bound parentBound, boolean resumed) {
            this.set = set;
            this.ranks = ranks;
            this.hours = hours;
            this.credits = credits;
            this.size = size;
            this.last = last;
            this.parentLast = parentLast;
            this.keyIndex = keyIndex;
            this.parentBound = parentBound;
            this.resumed = resumed;
        }

        Node with(Bound bound, boolean resume) {
            return new Node(set, ranks, hours, credits, size, last, parentLast, keyIndex, bound, resume);
        }
    }

    /**
     * The largest set a node's subtree can reach (capped or not), tested only when the node's first child is popped:
     * if the goal fails on it, no set in the subtree can satisfy the goal.
     */
    private static final class Bound {
        static final int UNKNOWN = 0;
        static final int HOLDS = 1;
        static final int FAILS = -1;

        final long[] set;
        final Node owner;
        // Whether the incumbent's cost cap left items out, so that a failure only speaks for the capped part.
        final boolean capped;
        int state;

        Bound(long[] set, Node owner, boolean capped, int state) {
            this.set = set;
            this.owner = owner;
            this.capped = capped;
            this.state = state;
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
        private final long[][] dependentClosure;
        private final long[] hoursUnits;
        private final long[] creditUnits;
        private final int[] rank;
        // Positions sorted by (hours, credits, rank): the order in which siblings are generated.
        private final int[] byKey;
        private final long[] all;
        private final long[] essential;
        private final long[][] ancestors;

        // Greedy incumbent: a satisfying set being shrunk, and the next item (index into reversed byKey) to try.
        private long[] greedy;
        private int greedyNext;
        private boolean capActive;
        private long capHours;
        private long capCredits;

        private final List<long[]> plans = new ArrayList<>();
        private final List<long[]> failed = new ArrayList<>();
        // Sets whose subtree was cut only by the cost cap, to expand once the cap is lifted (only when limit > 1).
        private final List<Node> deferred = new ArrayList<>();
        private long explored;

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
            this.dependentClosure = new long[n][];
            // Dependents come later in the order, so a backward pass sees their closures first.
            for (int p = n - 1; p >= 0; p--) {
                long[] closure = new long[words];
                add(closure, p);
                for (int d : dependentLists.get(p)) {
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
            this.ancestors = new long[n][];
            for (int p = 0; p < n; p++) {
                long[] a = new long[words];
                for (int q = 0; q < p; q++) {
                    if (has(prereq[p], q)) {
                        add(a, q);
                        orInto(a, ancestors[q]);
                    }
                }
                ancestors[p] = a;
            }
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
                greedy = all.clone();
                descend(true);
                findEssentials();
                capActive = true;
                capHours = hoursOf(greedy);
                capCredits = creditsOf(greedy);
                bestFirst();
                return result(true);
            } catch (OutOfBudget e) {
                if (plans.isEmpty() && greedy != null) {
                    descend(false);
                    plans.add(greedy);
                }
                return result(false);
            }
        }

        /**
         * Shrinks the greedy set to a minimal one: tries dropping each item, most expensive first, with everything
         * that needs it, and keeps the drop when the goal still holds. One pass suffices: by monotonicity a drop
         * that failed on a larger set fails on every smaller one. Resumable after running out of budget.
         */
        private void descend(boolean enforceBudget) {
            for (; greedyNext < n; greedyNext++) {
                int p = byKey[n - 1 - greedyNext];
                if (!has(greedy, p) || has(essential, p)) {
                    continue;
                }
                long[] smaller = greedy.clone();
                andNotInto(smaller, dependentClosure[p]);
                if (test(smaller, false, enforceBudget)) {
                    greedy = smaller;
                } else if (Arrays.equals(greedy, all)) {
                    // That was exactly the essential-item test for p.
                    markEssential(p);
                }
            }
        }

        /** Marks p essential, with its prerequisites: dropping one of them drops p as well. */
        private void markEssential(int p) {
            add(essential, p);
            orInto(essential, ancestors[p]);
        }

        private long hoursOf(long[] set) {
            long sum = 0;
            for (int p = 0; p < n; p++) {
                if (has(set, p)) {
                    sum += hoursUnits[p];
                }
            }
            return sum;
        }

        private long creditsOf(long[] set) {
            long sum = 0;
            for (int p = 0; p < n; p++) {
                if (has(set, p)) {
                    sum += creditUnits[p];
                }
            }
            return sum;
        }

        /**
         * An item is essential if the goal fails without it and everything that needs it. Every satisfying set
         * contains all essential items, so only items of the (minimal, satisfying) greedy set need testing.
         */
        private void findEssentials() {
            for (int p = n - 1; p >= 0; p--) {
                if (!has(greedy, p) || has(essential, p)) {
                    continue;
                }
                long[] without = all.clone();
                andNotInto(without, dependentClosure[p]);
                // Not remembered as failed: every set searched contains the essentials, so it would never help.
                if (!test(without, false)) {
                    markEssential(p);
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
            open.add(new Node(base, baseRanks, hours, credits, size, -1, -1, -1, null, false));
            while (!open.isEmpty() && plans.size() < limit) {
                Node x = open.poll();
                if (!x.resumed) {
                    if (x.parentBound != null && !boundHolds(x, open)) {
                        continue;
                    }
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
                        if (capActive) {
                            liftCap(open);
                        }
                        continue;
                    }
                } else if (containsPlan(x.set)) {
                    continue;
                }
                expand(x, open);
            }
        }

        /**
         * Checks, testing it if still unknown, the bound of x's parent. On failure x and its later siblings are
         * dropped; if the cost cap may be to blame the parent is set aside for when the cap is lifted, or, if it
         * already is, x is requeued with the parent's uncapped bound.
         */
        private boolean boundHolds(Node x, PriorityQueue<Node> open) {
            Bound b = x.parentBound;
            if (b.state == Bound.UNKNOWN) {
                b.state = test(b.set, true) ? Bound.HOLDS : Bound.FAILS;
            }
            if (b.state == Bound.HOLDS) {
                return true;
            }
            if (b.capped && limit > 1) {
                if (capActive) {
                    deferred.add(b.owner);
                } else {
                    // x is the parent's cheapest child, so nothing in this subtree was due before it.
                    long[] full = upperBound(b.owner, false);
                    open.add(x.with(new Bound(full, b.owner, false, Bound.UNKNOWN), false));
                }
            }
            return false;
        }

        /** Pushes x's cheapest child under a new (untested) bound for x's subtree. */
        private void expand(Node x, PriorityQueue<Node> open) {
            long[] full = upperBound(x, false);
            if (Arrays.equals(full, x.set)) {
                return;
            }
            long[] upper = capActive ? upperBound(x, true) : full;
            boolean capped = !Arrays.equals(upper, full);
            if (Arrays.equals(upper, x.set)) {
                // Nothing fits under the cap.
                if (limit > 1) {
                    deferred.add(x);
                }
                return;
            }
            // The parent's bound, which held, or the full catalogue at the root, is known to satisfy the goal.
            long[] known = x.parentBound == null ? all : x.parentBound.set;
            Bound bound = new Bound(upper, x, capped, Arrays.equals(upper, known) ? Bound.HOLDS : Bound.UNKNOWN);
            Node child = makeChild(x.set, x.ranks, x.hours, x.credits, x.size, x.last, bound, 0);
            if (child != null) {
                open.add(child);
            }
        }

        /** After the first plan: sets put aside only because of the cap get expanded after all. */
        private void liftCap(PriorityQueue<Node> open) {
            capActive = false;
            for (Node d : deferred) {
                open.add(d.with(d.parentBound, true));
            }
            deferred.clear();
        }

        /**
         * The largest closed set in x's subtree: x plus every item above x.last whose prerequisites can be met, and,
         * when capped, whose addition (with its missing prerequisites) keeps the cost within the incumbent's.
         */
        private long[] upperBound(Node x, boolean capped) {
            long[] upper = x.set.clone();
            for (int p = x.last + 1; p < n; p++) {
                if (!has(upper, p) && subset(prereq[p], upper) && (!capped || withinCap(x, p))) {
                    add(upper, p);
                }
            }
            return upper;
        }

        private boolean withinCap(Node x, int p) {
            long h = x.hours + hoursUnits[p];
            long c = x.credits + creditUnits[p];
            long[] anc = ancestors[p];
            for (int w = 0; w < words; w++) {
                // Prerequisites not yet in the set come along with p.
                for (long missing = anc[w] & ~x.set[w]; missing != 0; missing &= missing - 1) {
                    int q = (w << 6) + Long.numberOfTrailingZeros(missing);
                    h += hoursUnits[q];
                    c += creditUnits[q];
                }
            }
            return h < capHours || (h == capHours && c <= capCredits);
        }

        private Node nextSibling(Node x) {
            int p = x.last;
            long[] parentSet = x.set.clone();
            remove(parentSet, p);
            long[] parentRanks = x.ranks.clone();
            remove(parentRanks, rank[p]);
            return makeChild(parentSet, parentRanks, x.hours - hoursUnits[p], x.credits - creditUnits[p], x.size - 1,
                    x.parentLast, x.parentBound, x.keyIndex + 1);
        }

        /**
         * The cheapest child of the given parent whose added item comes at or after {@code fromKey} in byKey order,
         * skipping children that contain a found plan, or null.
         */
        private Node makeChild(long[] parentSet, long[] parentRanks, long hours, long credits, int size,
                int parentLast, Bound parentBound, int fromKey) {
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
                        k, parentBound, false);
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
