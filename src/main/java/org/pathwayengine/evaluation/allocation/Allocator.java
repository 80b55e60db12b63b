package org.pathwayengine.evaluation.allocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Chooses, exactly, which non-shareable leaf each credential counts towards, within a budget of search nodes. */
public final class Allocator {

    // Visited-state memo entries kept per call; beyond this the search still runs, only without new memo entries.
    private static final int MEMO_LIMIT = 1 << 15;

    // Subgradient steps per search node; prices carry over between nodes, so a few steps suffice there.
    private static final int LAGRANGIAN_STEPS = 5;
    private static final int ROOT_STEPS = 50;

    private final long nodeBudget;

    public Allocator(long nodeBudget) {
        if (nodeBudget < 1) {
            throw new IllegalArgumentException("nodeBudget must be >= 1 but was " + nodeBudget);
        }
        this.nodeBudget = nodeBudget;
    }

    /**
     * Returns an assignment that satisfies the root whenever any assignment does, and otherwise leaves the least
     * remaining effort.
     *
     * <p>Ties are broken reproducibly: the result is the lexicographically first best assignment in a fixed order
     * decided before the search. Credentials with two or more non-shareable candidates are taken by fewest
     * candidates, then credentials with identical candidates (same leaves and weights) together, then by index.
     * Each credential's leaves are tried scarcest first, scarcity being the units that such credentials could
     * bring to the leaf divided by the units it still misses after shareable and single-candidate placements
     * (leaves missing nothing come last), then by leaf index. A credential with any non-shareable candidate is
     * always placed in one, since adding units never hurts. Shared parts ({@link SharedParts}) and leaves that ask
     * for an average mark ({@link MeanMarks}), where adding a credential can hurt, are reduced to problems of this
     * kind first. The allocator is immutable and safe to share.
     */
    public Allocation allocate(AllocationProblem problem) {
        if (problem == null) {
            throw new IllegalArgumentException("problem must not be null");
        }
        if (!problem.means().isEmpty()) {
            return new MeanMarks(this, problem).allocate();
        }
        if (SharedParts.present(problem.root())) {
            return new SharedParts(this, problem).allocate();
        }
        return new Search(problem, nodeBudget, false).run();
    }

    /**
     * Whether any assignment satisfies the root: the same answer as {@code allocate(problem).satisfied()} whenever
     * that is exact, found faster, since it stops at the first satisfying assignment and never searches for the
     * least effort of an unsatisfiable problem (the next-steps planner asks this thousands of times). False also
     * when the budget runs out before an answer.
     */
    public boolean satisfiable(AllocationProblem problem) {
        return feasibility(problem).satisfiable();
    }

    /** Whether any assignment satisfies the root ({@link #satisfiable}), with the nodes the search explored. */
    public Feasibility feasibility(AllocationProblem problem) {
        if (problem == null) {
            throw new IllegalArgumentException("problem must not be null");
        }
        if (!problem.means().isEmpty() || SharedParts.present(problem.root())) {
            Allocation a = allocate(problem);
            return new Feasibility(a.satisfied(), a.explored());
        }
        Search search = new Search(problem, nodeBudget, true);
        return new Feasibility(search.feasible(), search.explored);
    }

    /**
     * @param satisfiable whether an assignment satisfies the root
     * @param explored    branch-and-bound nodes explored to find out
     */
    public record Feasibility(boolean satisfiable, long explored) {
    }

    /** One allocation run: preprocessing, depth-first branch and bound, and building the result. */
    private static final class Search {

        private final CompiledTree tree;
        private final int leafCount;
        // The problem's credentials, and those with candidates here, numbered densely in the same order: the
        // planner asks thousands of times about a few candidates among thousands of catalog credentials.
        private final int problemCredentials;
        private final int[] original;
        private final int credentialCount;
        private final long budget;
        private final int rootNode;
        // Only whether the root can be satisfied is asked: unsatisfied assignments are never incumbents.
        private final boolean feasibility;

        // Per credential: its non-shareable candidates (in the fixed leaf order once ranked), and its shareable ones.
        private final int[][] optLeaf;
        private final double[][] optWeight;
        private final int[][] sharedLeaves;
        private final double[][] sharedWeights;
        private final int[] fixedLeaf;
        // Position of each leaf in the fixed leaf order that options are tried in.
        private final int[] leafRank;

        // Credentials with a real choice, in search order, and per depth the data the search needs.
        private final int[] order;
        private final boolean[] sameGroupAsPrev;
        private final double[][] undecided;
        private final double[][] placedAt;
        private final int[] choice;
        private final int[][] optionBuf;

        private final double[] relaxed;
        private final boolean[] sat;
        private final double[] effort;
        private final boolean[] settledNode;
        private final boolean[] settledLeaf;

        private final Set<StateKey> memo = new HashSet<>();
        private final LagrangianBound lagrangian;
        // Every achievable effort is a multiple of this (0 when no such step is known).
        private final double effortQuantum;

        private boolean pricesTuned;
        private long incumbentVersion;
        private boolean hasBest;
        private boolean bestSat;
        private double bestEffort;
        private int[] bestChoice;
        private long explored;
        private boolean done;
        private boolean aborted;

        private static final int[] NO_LEAVES = new int[0];
        private static final double[] NO_WEIGHTS = new double[0];

        @SuppressWarnings("unchecked")
        private static List<Edge>[] emptyLists(int n) {
            return (List<Edge>[]) new List<?>[n];
        }

        /** The candidates' leaves in ascending order (the list is sorted so by this call). */
        private static int[] leaves(List<Edge> candidates) {
            if (candidates.isEmpty()) {
                return NO_LEAVES;
            }
            candidates.sort(Comparator.comparingInt(Edge::leaf));
            int[] out = new int[candidates.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = candidates.get(i).leaf();
            }
            return out;
        }

        /** The candidates' weights, in the order {@link #leaves} sorted them into. */
        private static double[] weights(List<Edge> candidates) {
            if (candidates.isEmpty()) {
                return NO_WEIGHTS;
            }
            double[] out = new double[candidates.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = candidates.get(i).weight();
            }
            return out;
        }

        Search(AllocationProblem p, long budget, boolean feasibility) {
            this.budget = budget;
            this.feasibility = feasibility;
            this.problemCredentials = p.credentialCount();
            this.leafCount = p.leafCount();
            this.tree = new CompiledTree(p.root(), leafCount);
            this.rootNode = tree.root();

            int[] local = new int[problemCredentials];
            for (Edge cand : p.candidates()) {
                local[cand.credential()] = 1;
            }
            int dense = 0;
            for (int c = 0; c < problemCredentials; c++) {
                local[c] = local[c] == 1 ? dense++ : -1;
            }
            original = new int[dense];
            for (int c = 0; c < problemCredentials; c++) {
                if (local[c] >= 0) {
                    original[local[c]] = c;
                }
            }
            this.credentialCount = dense;

            List<Edge>[] exclusive = emptyLists(credentialCount);
            List<Edge>[] shared = emptyLists(credentialCount);
            // Shareable leaves take every candidate without using it up, so they are fixed before the search.
            double[] base = new double[leafCount];
            for (Edge cand : p.candidates()) {
                List<Edge>[] into = tree.shareable[cand.leaf()] ? shared : exclusive;
                int c = local[cand.credential()];
                if (into[c] == null) {
                    into[c] = new ArrayList<>(2);
                }
                into[c].add(cand);
                if (tree.shareable[cand.leaf()]) {
                    base[cand.leaf()] += cand.weight();
                }
            }

            optLeaf = new int[credentialCount][];
            optWeight = new double[credentialCount][];
            sharedLeaves = new int[credentialCount][];
            sharedWeights = new double[credentialCount][];
            fixedLeaf = new int[credentialCount];
            Arrays.fill(fixedLeaf, -1);
            List<Integer> free = new ArrayList<>();
            Map<List<Long>, Integer> groupOf = new HashMap<>();
            int[] groupRep = new int[credentialCount];
            for (int c = 0; c < credentialCount; c++) {
                List<Edge> opts = exclusive[c] == null ? List.of() : exclusive[c];
                optLeaf[c] = leaves(opts);
                optWeight[c] = weights(opts);
                List<Edge> shares = shared[c] == null ? List.of() : shared[c];
                sharedLeaves[c] = leaves(shares);
                sharedWeights[c] = weights(shares);
                if (opts.size() == 1) {
                    // Only one place to go and placing never hurts: no branching needed.
                    fixedLeaf[c] = optLeaf[c][0];
                    base[optLeaf[c][0]] += optWeight[c][0];
                } else if (opts.size() > 1) {
                    free.add(c);
                    List<Long> signature = new ArrayList<>();
                    for (Edge cand : opts) {
                        signature.add((long) cand.leaf());
                        signature.add(Double.doubleToLongBits(cand.weight()));
                    }
                    Integer rep = groupOf.putIfAbsent(signature, c);
                    groupRep[c] = rep == null ? c : rep;
                }
            }
            // Scarce leaves first: the dive then fills leaves that few credentials can reach before roomy pools,
            // which finds good incumbents early. The order is fixed before the search, so ties stay reproducible.
            double[] supply = new double[leafCount];
            for (int c : free) {
                for (int i = 0; i < optLeaf[c].length; i++) {
                    supply[optLeaf[c][i]] += optWeight[c][i];
                }
            }
            double[] scarcity = new double[leafCount];
            for (int l = 0; l < leafCount; l++) {
                double missing = Math.min(tree.need[l], tree.cap[l]) - base[l];
                scarcity[l] = missing > CompiledTree.EPS ? supply[l] / missing : Double.POSITIVE_INFINITY;
            }
            Integer[] byScarcity = new Integer[leafCount];
            for (int l = 0; l < leafCount; l++) {
                byScarcity[l] = l;
            }
            Arrays.sort(byScarcity, Comparator.<Integer>comparingDouble(l -> scarcity[l]).thenComparingInt(l -> l));
            leafRank = new int[leafCount];
            for (int r = 0; r < leafCount; r++) {
                leafRank[byScarcity[r]] = r;
            }
            for (int c : free) {
                sortByRank(optLeaf[c], optWeight[c]);
            }
            // Most constrained first; interchangeable credentials kept adjacent so symmetry can be broken.
            free.sort(Comparator.<Integer>comparingInt(c -> optLeaf[c].length)
                    .thenComparingInt(c -> groupRep[c])
                    .thenComparingInt(c -> c));
            int depth = free.size();
            order = free.stream().mapToInt(Integer::intValue).toArray();
            sameGroupAsPrev = new boolean[depth];
            for (int d = 1; d < depth; d++) {
                sameGroupAsPrev[d] = groupRep[order[d]] == groupRep[order[d - 1]];
            }
            undecided = new double[depth + 1][leafCount];
            for (int d = depth - 1; d >= 0; d--) {
                System.arraycopy(undecided[d + 1], 0, undecided[d], 0, leafCount);
                int c = order[d];
                for (int i = 0; i < optLeaf[c].length; i++) {
                    undecided[d][optLeaf[c][i]] += optWeight[c][i];
                }
            }
            placedAt = new double[depth + 1][leafCount];
            placedAt[0] = base;
            choice = new int[depth];
            optionBuf = new int[depth][];
            for (int d = 0; d < depth; d++) {
                optionBuf[d] = new int[optLeaf[order[d]].length];
            }
            // A feasibility search has no unsatisfied incumbent to price against, so it needs no effort bound.
            lagrangian = feasibility ? null : new LagrangianBound(tree, order, optLeaf, optWeight);
            effortQuantum = feasibility ? 0.0 : effortQuantum(tree, p.candidates());
            relaxed = new double[leafCount];
            sat = new boolean[tree.nodeCount];
            effort = new double[tree.nodeCount];
            settledNode = new boolean[tree.nodeCount];
            settledLeaf = new boolean[leafCount];
        }

        /** Whether some assignment satisfies the root, without building the allocation. */
        boolean feasible() {
            dfs(0);
            // Without a finished first dive the answer is that of the fallback assignment, as run() gives it.
            return hasBest ? bestSat : result().satisfied();
        }

        Allocation run() {
            dfs(0);
            return result();
        }

        private Allocation result() {
            if (!hasBest) {
                // Budget ran out before the first dive finished: fall back to each credential's first candidate.
                bestChoice = new int[order.length];
                for (int d = 0; d < order.length; d++) {
                    bestChoice[d] = optLeaf[order[d]][0];
                }
            }
            return buildResult();
        }

        private static double effortQuantum(CompiledTree tree, List<Edge> candidates) {
            List<Double> unitValues = new ArrayList<>();
            List<Double> rateValues = new ArrayList<>();
            for (int l = 0; l < tree.leafCount; l++) {
                unitValues.add(tree.need[l]);
                if (!Double.isInfinite(tree.cap[l])) {
                    unitValues.add(tree.cap[l]);
                }
                rateValues.add(tree.effortPerUnit[l]);
            }
            for (Edge cand : candidates) {
                unitValues.add(cand.weight());
            }
            int unitScale = commonScale(unitValues);
            int rateScale = commonScale(rateValues);
            return unitScale > 0 && rateScale > 0 ? 1.0 / ((double) unitScale * rateScale) : 0.0;
        }

        // Smallest of a few round multipliers that turns every value into an integer, or 0 if none does.
        private static int commonScale(List<Double> values) {
            for (int scale : new int[] {1, 2, 4, 5, 8, 10, 20, 25, 50, 100}) {
                boolean whole = true;
                for (double v : values) {
                    double scaled = v * scale;
                    if (Math.abs(scaled) > 1e9 || Math.abs(scaled - Math.rint(scaled)) > 1e-9) {
                        whole = false;
                        break;
                    }
                }
                if (whole) {
                    return scale;
                }
            }
            return 0;
        }

        private void sortByRank(int[] leaves, double[] weights) {
            for (int a = 1; a < leaves.length; a++) {
                int l = leaves[a];
                double w = weights[a];
                int b = a - 1;
                while (b >= 0 && leafRank[leaves[b]] > leafRank[l]) {
                    leaves[b + 1] = leaves[b];
                    weights[b + 1] = weights[b];
                    b--;
                }
                leaves[b + 1] = l;
                weights[b + 1] = w;
            }
        }

        private boolean canBeat(boolean boundSat, double boundEffort) {
            if (!hasBest) {
                return true;
            }
            if (bestSat) {
                return false;
            }
            return boundSat || boundEffort < bestEffort - CompiledTree.EPS;
        }

        private void dfs(int d) {
            if (explored >= budget) {
                aborted = true;
                done = true;
                return;
            }
            explored++;
            double[] placed = placedAt[d];
            double[] rest = undecided[d];
            // Optimistic bound: every undecided credential counts in all its candidate leaves at once.
            for (int l = 0; l < leafCount; l++) {
                relaxed[l] = placed[l] + rest[l];
            }
            tree.evaluate(relaxed, sat, effort);
            boolean boundSat = sat[rootNode];
            double boundEffort = effort[rootNode];
            if (feasibility && !boundSat) {
                return;
            }
            if (!canBeat(boundSat, boundEffort)) {
                return;
            }
            if (d == order.length) {
                // Nothing undecided, so the bound is this assignment's exact value, and it beats the incumbent.
                hasBest = true;
                bestSat = boundSat;
                bestEffort = boundEffort;
                bestChoice = choice.clone();
                incumbentVersion++;
                done = bestSat;
                return;
            }

            tree.evaluate(placed, sat, effort);
            tree.markSettledLeaves(sat, settledNode, settledLeaf);
            int prev = sameGroupAsPrev[d] ? choice[d - 1] : -1;
            if (!firstVisit(d, prev, placed)) {
                return;
            }
            long pricedFor = incumbentVersion;
            double priced = pricedBound(d, placed);
            if (priced > 0.0) {
                // Any satisfied completion has effort 0, so a positive lower bound rules satisfaction out.
                boundSat = false;
                boundEffort = Math.max(boundEffort, priced);
                if (!canBeat(boundSat, boundEffort)) {
                    return;
                }
            }

            int c = order[d];
            int[] leaves = optLeaf[c];
            int[] options = optionBuf[d];
            int optionCount = 0;
            boolean inertTaken = false;
            for (int i = 0; i < leaves.length; i++) {
                int l = leaves[i];
                // Interchangeable credentials take leaves in non-decreasing order: other orders only permute them.
                if (prev >= 0 && leafRank[l] < leafRank[prev]) {
                    continue;
                }
                // Units added to a settled or capped-out leaf change nothing, so all such leaves are one choice.
                boolean inert = settledLeaf[l] || placed[l] >= tree.cap[l];
                if (inert) {
                    if (inertTaken) {
                        continue;
                    }
                    inertTaken = true;
                }
                options[optionCount++] = i;
            }

            double[] next = placedAt[d + 1];
            for (int k = 0; k < optionCount; k++) {
                int i = options[k];
                System.arraycopy(placed, 0, next, 0, leafCount);
                next[leaves[i]] += optWeight[c][i];
                choice[d] = leaves[i];
                dfs(d + 1);
                if (done || !canBeat(boundSat, boundEffort)) {
                    return;
                }
                if (k + 1 < optionCount && pricedFor != incumbentVersion) {
                    // A better incumbent was found below; pricing against it may now close this node early.
                    pricedFor = incumbentVersion;
                    priced = pricedBound(d, placed);
                    if (priced > 0.0) {
                        boundSat = false;
                        boundEffort = Math.max(boundEffort, priced);
                        if (!canBeat(boundSat, boundEffort)) {
                            return;
                        }
                    }
                }
            }
        }

        /** The priced lower bound on root effort at this node, or 0 when there is no unsatisfied incumbent to beat. */
        private double pricedBound(int d, double[] placed) {
            if (!hasBest || bestSat) {
                return 0.0;
            }
            if (!pricesTuned) {
                // Tune prices once on the whole problem; every node then starts from them.
                pricesTuned = true;
                lagrangian.bound(0, placedAt[0], bestEffort, ROOT_STEPS);
            }
            double bound = lagrangian.bound(d, placed, bestEffort, LAGRANGIAN_STEPS);
            if (effortQuantum > 0.0) {
                // Every achievable effort is a multiple of the quantum, so a bound may round up to the next one;
                // without this, a bound converging on the incumbent's value would never quite reach it.
                bound = Math.ceil(bound / effortQuantum - 1e-6) * effortQuantum;
            }
            return bound;
        }

        /**
         * Records the state reached at this depth and reports whether it is new; a repeat leads to the same futures
         * as its earlier, lexicographically smaller visit, which already found or ruled out everything they hold.
         */
        private boolean firstVisit(int d, int prev, double[] placed) {
            double[] units = new double[leafCount];
            for (int l = 0; l < leafCount; l++) {
                // Settled leaves no longer matter and units past the cap never count, so neither tells states apart.
                units[l] = settledLeaf[l] ? -1.0 : Math.min(placed[l], tree.cap[l]);
            }
            StateKey key = new StateKey(d, prev, units);
            if (memo.contains(key)) {
                return false;
            }
            if (memo.size() < MEMO_LIMIT) {
                memo.add(key);
            }
            return true;
        }

        private Allocation buildResult() {
            int[] localLeaf = fixedLeaf.clone();
            for (int d = 0; d < order.length; d++) {
                localLeaf[order[d]] = bestChoice[d];
            }
            int[] leafOf = new int[problemCredentials];
            Arrays.fill(leafOf, -1);
            double[] raw = new double[leafCount];
            List<List<Integer>> countedIn = new ArrayList<>(Collections.nCopies(problemCredentials, List.of()));
            for (int c = 0; c < credentialCount; c++) {
                leafOf[original[c]] = localLeaf[c];
                List<Integer> in = new ArrayList<>();
                for (int i = 0; i < sharedLeaves[c].length; i++) {
                    in.add(sharedLeaves[c][i]);
                    raw[sharedLeaves[c][i]] += sharedWeights[c][i];
                }
                int own = localLeaf[c];
                if (own >= 0) {
                    for (int i = 0; i < optLeaf[c].length; i++) {
                        if (optLeaf[c][i] == own) {
                            raw[own] += optWeight[c][i];
                        }
                    }
                    in.add(own);
                    Collections.sort(in);
                }
                countedIn.set(original[c], Collections.unmodifiableList(in));
            }
            double[] leafUnits = new double[leafCount];
            for (int l = 0; l < leafCount; l++) {
                leafUnits[l] = tree.units(l, raw[l]);
            }
            tree.evaluate(raw, sat, effort);
            Map<String, NodeState> nodes = new LinkedHashMap<>();
            for (int n : tree.preOrder()) {
                nodes.put(tree.ids[n], new NodeState(sat[n], effort[n]));
            }
            return new Allocation(sat[rootNode], effort[rootNode], leafOf, Collections.unmodifiableList(countedIn),
                    leafUnits, Collections.unmodifiableMap(nodes), !aborted, explored);
        }
    }

    /** A search state up to equivalence: depth, the symmetry constraint in force, and the units that still matter. */
    private static final class StateKey {
        private final int depth;
        private final int prev;
        private final double[] units;
        private final int hash;

        StateKey(int depth, int prev, double[] units) {
            this.depth = depth;
            this.prev = prev;
            this.units = units;
            this.hash = 31 * (31 * depth + prev) + Arrays.hashCode(units);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StateKey k && k.hash == hash && k.depth == depth && k.prev == prev
                    && Arrays.equals(k.units, units);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
