package org.pathwayengine.evaluation.allocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Allocates a tree whose leaves may ask for an average mark, exactly, by reducing it to problems without that
 * condition. An average is not monotone (a low mark added lowers it), so the allocator's rule that adding a
 * credential never hurts does not hold at such a leaf. But a set that meets a leaf's units and average contains a
 * minimal such set, and with a minimal set fixed at the leaf (its credentials count there and nowhere else it
 * competes, no other credential counts there) the rest of the tree is an ordinary problem whose optimum is at
 * least as good. So, per averaged leaf, the configurations are: each minimal set meeting it, or the leaf open
 * only to credentials marked at or above the average (so anything it counts keeps the average, met or not).
 * Every combination is allocated; the first satisfying the root, else the one leaving least effort, is the answer.
 * A satisfying allocation exists exactly when one of these does. A set is minimal when no set one credential
 * smaller meets the leaf, which suffices: removing the lowest-marked credential of any larger surplus keeps both.
 */
final class MeanMarks {

    // Bounds on the enumeration; beyond them an unsatisfied answer is the best found, marked not exact (a
    // satisfying one is exact whatever was left untried).
    private static final int MAX_SETS_PER_LEAF = 64;
    private static final int MAX_STEPS_PER_LEAF = 20_000;
    private static final int MAX_COMBINATIONS = 512;

    private final Allocator allocator;
    private final AllocationProblem problem;
    private final int[] region;
    private final boolean[] shareable;
    private final double[] need;
    private boolean cut;

    MeanMarks(Allocator allocator, AllocationProblem problem) {
        this.allocator = allocator;
        this.problem = problem;
        int leafCount = problem.leafCount();
        this.region = new int[leafCount];
        this.shareable = new boolean[leafCount];
        this.need = new double[leafCount];
        mapLeaves(problem.root(), 0, new int[] {0});
    }

    /**
     * Each leaf's region (the innermost shared part holding it, 0 for none), whether it is shareable itself, and
     * the units it needs.
     */
    private void mapLeaves(ReqNode node, int current, int[] next) {
        if (node instanceof ReqNode.Leaf leaf) {
            region[leaf.index()] = current;
            shareable[leaf.index()] = leaf.shareable();
            need[leaf.index()] = leaf.need();
            return;
        }
        int here = node instanceof ReqNode.Shared ? ++next[0] : current;
        node.children().forEach(c -> mapLeaves(c, here, next));
    }

    Allocation allocate() {
        List<MeanMark> means = problem.means();
        // Per averaged leaf: its configurations, each a set of credentials fixed there, or null for "open to
        // credentials at or above the average".
        List<List<int[]>> options = new ArrayList<>();
        for (MeanMark m : means) {
            List<int[]> sets = minimalSets(m, need[m.leaf()]);
            sets.add(null);
            options.add(sets);
        }
        Allocation best = null;
        long explored = 0;
        boolean exact = true;
        int[] pick = new int[means.size()];
        int combinations = 0;
        while (true) {
            List<Edge> edges = configure(means, options, pick);
            if (edges != null) {
                if (++combinations > MAX_COMBINATIONS) {
                    cut = true;
                    break;
                }
                Allocation a = allocator.allocate(new AllocationProblem(problem.root(), problem.credentialCount(),
                        edges));
                explored += a.explored();
                exact &= a.exact();
                if (best == null || better(a, best)) {
                    best = a;
                }
                if (a.satisfied()) {
                    break;
                }
            }
            if (!advance(pick, options)) {
                break;
            }
        }
        if (best == null) {
            // Every combination clashed: no credential can be fixed at two leaves that compete; open them all.
            best = allocator.allocate(new AllocationProblem(problem.root(), problem.credentialCount(),
                    configure(means, options, lastPicks(options))));
            explored += best.explored();
            exact &= best.exact();
        }
        return new Allocation(best.satisfied(), best.remainingEffort(), best.leafOf(), best.countedIn(),
                best.leafUnits(), best.nodes(), exact && (!cut || best.satisfied()), explored);
    }

    private static boolean better(Allocation a, Allocation b) {
        if (a.satisfied() != b.satisfied()) {
            return a.satisfied();
        }
        return a.remainingEffort() < b.remainingEffort() - 1e-9;
    }

    private static int[] lastPicks(List<List<int[]>> options) {
        int[] pick = new int[options.size()];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = options.get(i).size() - 1;
        }
        return pick;
    }

    private static boolean advance(int[] pick, List<List<int[]>> options) {
        for (int i = pick.length - 1; i >= 0; i--) {
            if (++pick[i] < options.get(i).size()) {
                return true;
            }
            pick[i] = 0;
        }
        return false;
    }

    /** The candidates under one combination of configurations, or null when two fixed sets compete for a credential. */
    private List<Edge> configure(List<MeanMark> means, List<List<int[]>> options, int[] pick) {
        int leafCount = problem.leafCount();
        // fixedAt[c] = the competing leaf credential c is fixed at, or -1.
        int[] fixedAt = new int[problem.credentialCount()];
        Arrays.fill(fixedAt, -1);
        BitSet[] allowed = new BitSet[leafCount];
        boolean[] averaged = new boolean[leafCount];
        for (int i = 0; i < means.size(); i++) {
            MeanMark m = means.get(i);
            int leaf = m.leaf();
            averaged[leaf] = true;
            int[] set = options.get(i).get(pick[i]);
            BitSet ok = new BitSet();
            if (set == null) {
                for (Edge e : problem.candidates()) {
                    if (e.leaf() == leaf && m.markOf(e.credential()) >= m.threshold() - 1e-9) {
                        ok.set(e.credential());
                    }
                }
            } else {
                for (int c : set) {
                    ok.set(c);
                    if (!shareable[leaf]) {
                        if (fixedAt[c] >= 0 && region[fixedAt[c]] == region[leaf]) {
                            return null;
                        }
                        fixedAt[c] = leaf;
                    }
                }
            }
            allowed[leaf] = ok;
        }
        List<Edge> out = new ArrayList<>();
        for (Edge e : problem.candidates()) {
            int leaf = e.leaf();
            if (averaged[leaf] && !allowed[leaf].get(e.credential())) {
                continue;
            }
            int fixed = fixedAt[e.credential()];
            // A credential fixed at a leaf counts nowhere else it would compete with it; shared leaves keep it.
            if (fixed >= 0 && fixed != leaf && !shareable[leaf] && region[leaf] == region[fixed]) {
                continue;
            }
            out.add(e);
        }
        return out;
    }

    /**
     * The minimal sets of a leaf's candidates that meet both its units and its average, highest marks tried first.
     */
    private List<int[]> minimalSets(MeanMark m, double need) {
        List<Edge> mine = new ArrayList<>();
        for (Edge e : problem.candidates()) {
            if (e.leaf() == m.leaf() && !Double.isNaN(m.markOf(e.credential()))) {
                mine.add(e);
            }
        }
        mine.sort(Comparator.comparingDouble((Edge e) -> -m.markOf(e.credential()))
                .thenComparingInt(Edge::credential));
        int k = mine.size();
        double[] weight = new double[k];
        double[] surplus = new double[k];
        double[] suffixWeight = new double[k + 1];
        for (int i = k - 1; i >= 0; i--) {
            Edge e = mine.get(i);
            weight[i] = e.weight();
            surplus[i] = e.weight() * (m.markOf(e.credential()) - m.threshold());
            suffixWeight[i] = suffixWeight[i + 1] + weight[i];
        }
        List<int[]> out = new ArrayList<>();
        if (need <= 1e-9) {
            out.add(new int[0]);
            return out;
        }
        int[] steps = {0};
        boolean[] in = new boolean[k];
        search(0, 0, 0, need, weight, surplus, suffixWeight, in, mine, out, steps);
        return out;
    }

    private void search(int i, double units, double surplus, double need, double[] weight, double[] surplusOf,
                        double[] suffixWeight, boolean[] in, List<Edge> mine, List<int[]> out, int[] steps) {
        if (out.size() >= MAX_SETS_PER_LEAF || ++steps[0] > MAX_STEPS_PER_LEAF) {
            cut = true;
            return;
        }
        if (units >= need - 1e-9) {
            if (surplus >= -1e-9 && minimal(in, units, surplus, need, weight, surplusOf)) {
                List<Integer> set = new ArrayList<>();
                for (int j = 0; j < in.length; j++) {
                    if (in[j]) {
                        set.add(mine.get(j).credential());
                    }
                }
                out.add(set.stream().mapToInt(Integer::intValue).toArray());
            }
            // Any superset of a set meeting the units has a smaller set meeting both, or none does: stop here.
            return;
        }
        if (i == in.length || units + suffixWeight[i] < need - 1e-9) {
            return;
        }
        in[i] = true;
        search(i + 1, units + weight[i], surplus + surplusOf[i], need, weight, surplusOf, suffixWeight, in, mine,
                out, steps);
        in[i] = false;
        search(i + 1, units, surplus, need, weight, surplusOf, suffixWeight, in, mine, out, steps);
    }

    private static boolean minimal(boolean[] in, double units, double surplus, double need, double[] weight,
                                   double[] surplusOf) {
        for (int j = 0; j < in.length; j++) {
            if (in[j] && units - weight[j] >= need - 1e-9 && surplus - surplusOf[j] >= -1e-9) {
                return false;
            }
        }
        return true;
    }
}
