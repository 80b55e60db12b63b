package org.pathwayengine.evaluation.allocation;

/** A lower bound on the root effort of every completion of a partial assignment, from pricing undecided credentials. */
final class LagrangianBound {

    // Why it is valid: for any prices lambda >= 0 and any assignment, the assignment's effort is at least (cheapest
    // selection of leaf values, a leaf's value being its effort after buying undecided credentials at those prices)
    // minus the sum of prices, because the assignment itself is one such purchase using each credential at most once.
    // Subgradient steps tune the prices so that credentials stop being bought by several counted leaves at once, which
    // makes this much tighter than letting every undecided credential count everywhere.

    // Slack absorbing rounding and the leaf's 1e-9 satisfaction tolerance, so the bound never overshoots the truth.
    private static final double SLACK = 1e-7;

    private final CompiledTree tree;
    private final int leafCount;
    private final int depth;

    // Per leaf: undecided-credential candidates as (search depth position, weight), in position order.
    private final int[][] candPos;
    private final double[][] candWeight;

    // Prices per search position, kept between calls so each node starts from its parent's tuned prices.
    private final double[] lambda;

    private final double[] leafValue;
    private final double[] nodeValue;
    private final boolean[] nodeActive;
    private final boolean[] activeLeaf;
    private final double[] usage;
    private final double[][] bought;
    private final int[] sortIdx;
    private final double[] sortKey;

    // Leaves whose candidate weights are all integers get an exact 0/1 knapsack instead of fractional buying.
    private static final int KNAPSACK_LIMIT = 256;
    private final boolean[] integral;
    private final int[] items;
    private final double[][] table;
    private final int[][] from;

    LagrangianBound(CompiledTree tree, int[] order, int[][] optLeaf, double[][] optWeight) {
        this.tree = tree;
        this.leafCount = tree.leafCount;
        this.depth = order.length;
        int[] sizes = new int[leafCount];
        for (int p = 0; p < depth; p++) {
            for (int l : optLeaf[order[p]]) {
                sizes[l]++;
            }
        }
        candPos = new int[leafCount][];
        candWeight = new double[leafCount][];
        bought = new double[leafCount][];
        int widest = 0;
        for (int l = 0; l < leafCount; l++) {
            candPos[l] = new int[sizes[l]];
            candWeight[l] = new double[sizes[l]];
            bought[l] = new double[sizes[l]];
            widest = Math.max(widest, sizes[l]);
        }
        int[] fill = new int[leafCount];
        for (int p = 0; p < depth; p++) {
            int c = order[p];
            for (int i = 0; i < optLeaf[c].length; i++) {
                int l = optLeaf[c][i];
                candPos[l][fill[l]] = p;
                candWeight[l][fill[l]] = optWeight[c][i];
                fill[l]++;
            }
        }
        lambda = new double[depth];
        leafValue = new double[leafCount];
        nodeValue = new double[tree.nodeCount];
        nodeActive = new boolean[tree.nodeCount];
        activeLeaf = new boolean[leafCount];
        usage = new double[depth];
        sortIdx = new int[widest];
        sortKey = new double[widest];
        integral = new boolean[leafCount];
        for (int l = 0; l < leafCount; l++) {
            integral[l] = true;
            for (double weight : candWeight[l]) {
                integral[l] &= weight == Math.rint(weight) && weight <= KNAPSACK_LIMIT;
            }
        }
        items = new int[widest];
        table = new double[widest + 1][KNAPSACK_LIMIT + 1];
        from = new int[widest + 1][KNAPSACK_LIMIT + 1];
    }

    /**
     * Exact cheapest purchase for a leaf with integer weights: min over subsets of (effort left + prices paid),
     * where {@code shortfall} is need minus current units and {@code room} the most units that still help.
     */
    private double knapsackValue(int l, int d, double shortfall, double room, double epu) {
        int[] pos = candPos[l];
        double[] w = candWeight[l];
        int top = (int) Math.ceil(room - 1e-9);
        int k = 0;
        for (int i = 0; i < pos.length; i++) {
            // An item priced at or above all it could ever earn here never lowers the value.
            if (pos[i] >= d && w[i] > 0.0 && lambda[pos[i]] < epu * w[i]) {
                items[k++] = i;
            }
        }
        double[] row0 = table[0];
        java.util.Arrays.fill(row0, 0, top + 1, Double.POSITIVE_INFINITY);
        row0[0] = 0.0;
        for (int j = 0; j < k; j++) {
            int i = items[j];
            double[] prev = table[j];
            double[] next = table[j + 1];
            int[] back = from[j + 1];
            int weight = (int) w[i];
            double price = lambda[pos[i]];
            for (int t = 0; t <= top; t++) {
                next[t] = prev[t];
                back[t] = -1;
            }
            for (int t = 0; t <= top; t++) {
                if (prev[t] == Double.POSITIVE_INFINITY) {
                    continue;
                }
                // Units past the room never help, so every total beyond it shares the last cell.
                int reached = Math.min(top, t + weight);
                double value = prev[t] + price;
                if (value < next[reached]) {
                    next[reached] = value;
                    back[reached] = t;
                }
            }
        }
        double[] last = table[k];
        double best = Double.POSITIVE_INFINITY;
        int bestT = 0;
        for (int t = 0; t <= top; t++) {
            if (last[t] == Double.POSITIVE_INFINITY) {
                continue;
            }
            double value = epu * Math.max(0.0, shortfall - Math.min(t, room)) + last[t];
            if (value < best) {
                best = value;
                bestT = t;
            }
        }
        int t = bestT;
        for (int j = k; j > 0; j--) {
            int b = from[j][t];
            if (b >= 0) {
                bought[l][items[j - 1]] = 1.0;
                t = b;
            }
        }
        return best;
    }

    /**
     * Returns a lower bound on the root effort of every completion of the assignment whose first {@code d} search
     * positions are decided (giving raw sums {@code placed}), stopping early once it reaches {@code target}.
     */
    double bound(int d, double[] placed, double target, int iterations) {
        double best = 0.0;
        double theta = 1.0;
        int sinceImprovement = 0;
        for (int it = 0; it < iterations; it++) {
            double value = evaluate(d, placed);
            if (value > best + 1e-12) {
                best = value;
                sinceImprovement = 0;
            } else if (++sinceImprovement >= 3) {
                theta *= 0.5;
                sinceImprovement = 0;
            }
            if (best - SLACK >= target - CompiledTree.EPS) {
                break;
            }
            double norm = 0.0;
            for (int p = d; p < depth; p++) {
                double g = usage[p] - 1.0;
                if (lambda[p] <= 0.0 && g < 0.0) {
                    usage[p] = 1.0;
                    continue;
                }
                norm += g * g;
            }
            if (norm < 1e-12) {
                break;
            }
            // Polyak step towards the incumbent's effort, the value the bound must reach to prune.
            double step = theta * (target - value) / norm;
            for (int p = d; p < depth; p++) {
                lambda[p] = Math.max(0.0, lambda[p] + step * (usage[p] - 1.0));
            }
        }
        return Math.max(0.0, best - SLACK);
    }

    private double evaluate(int d, double[] placed) {
        double priceSum = 0.0;
        for (int p = d; p < depth; p++) {
            priceSum += lambda[p];
            usage[p] = 0.0;
        }
        for (int l = 0; l < leafCount; l++) {
            leafValue[l] = leafValue(l, d, placed[l]);
        }
        double root = tree.cheapestSelection(leafValue, nodeValue, nodeActive, activeLeaf);
        for (int l = 0; l < leafCount; l++) {
            if (!activeLeaf[l]) {
                continue;
            }
            int[] pos = candPos[l];
            for (int i = 0; i < pos.length; i++) {
                if (pos[i] >= d) {
                    usage[pos[i]] += bought[l][i];
                }
            }
        }
        return root - priceSum;
    }

    // Effort of leaf l plus the price of what it buys, buying the cheapest units per price first.
    private double leafValue(int l, int d, double raw) {
        int[] pos = candPos[l];
        double[] w = candWeight[l];
        double[] got = bought[l];
        java.util.Arrays.fill(got, 0.0);
        double need = tree.need[l];
        double cap = tree.cap[l];
        double epu = tree.effortPerUnit[l];
        double units = Math.min(cap, raw);
        if (units >= need - CompiledTree.EPS) {
            return 0.0;
        }
        double effort = (need - units) * epu;
        if (tree.shareable[l] || raw >= cap || epu <= 0.0) {
            return effort;
        }
        double room = Math.min(cap, need) - raw;
        if (integral[l] && room <= KNAPSACK_LIMIT) {
            return knapsackValue(l, d, need - raw, room, epu);
        }
        int n = 0;
        for (int i = 0; i < pos.length; i++) {
            if (pos[i] >= d && w[i] > 0.0) {
                double ratio = lambda[pos[i]] / w[i];
                if (ratio < epu) {
                    sortIdx[n] = i;
                    sortKey[n] = ratio;
                    n++;
                }
            }
        }
        // Insertion sort: lists are short and this avoids boxing.
        for (int a = 1; a < n; a++) {
            int idx = sortIdx[a];
            double key = sortKey[a];
            int b = a - 1;
            while (b >= 0 && sortKey[b] > key) {
                sortKey[b + 1] = sortKey[b];
                sortIdx[b + 1] = sortIdx[b];
                b--;
            }
            sortKey[b + 1] = key;
            sortIdx[b + 1] = idx;
        }
        // Fractional knapsack: the cheapest units per price first, until the leaf has no useful room left.
        double cost = 0.0;
        for (int k = 0; k < n && room > 0.0; k++) {
            int i = sortIdx[k];
            double amount = Math.min(w[i], room);
            double fraction = amount / w[i];
            got[i] = fraction;
            cost += lambda[pos[i]] * fraction;
            effort -= epu * amount;
            room -= amount;
        }
        return Math.max(0.0, effort) + cost;
    }
}
