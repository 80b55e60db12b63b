package org.pathwayengine.evaluation.allocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A requirement tree flattened into arrays so the search can evaluate it many times without allocating. */
final class CompiledTree {

    static final double EPS = 1e-9;

    private static final byte LEAF = 0;
    private static final byte ALL_OF = 1;
    private static final byte AT_LEAST = 2;

    // Nodes are numbered in post-order, so a forward pass meets children before their parent and the root is last.
    final int nodeCount;
    final int leafCount;
    final String[] ids;
    private final byte[] kind;
    private final int[] count;
    private final int[][] children;
    private final int[] leafAt;
    private final int[] parent;

    final double[] need;
    final double[] cap;
    final double[] effortPerUnit;
    final boolean[] shareable;

    private final double[] effortScratch;

    CompiledTree(ReqNode root, int leafCount) {
        List<ReqNode> order = new ArrayList<>();
        List<int[]> childLists = new ArrayList<>();
        flatten(root, order, childLists);
        this.nodeCount = order.size();
        this.leafCount = leafCount;
        this.ids = new String[nodeCount];
        this.kind = new byte[nodeCount];
        this.count = new int[nodeCount];
        this.children = new int[nodeCount][];
        this.leafAt = new int[nodeCount];
        this.parent = new int[nodeCount];
        this.need = new double[leafCount];
        this.cap = new double[leafCount];
        this.effortPerUnit = new double[leafCount];
        this.shareable = new boolean[leafCount];
        Arrays.fill(parent, -1);
        int widest = 0;
        for (int n = 0; n < nodeCount; n++) {
            ReqNode node = order.get(n);
            ids[n] = node.id();
            children[n] = childLists.get(n);
            for (int child : children[n]) {
                parent[child] = n;
            }
            widest = Math.max(widest, children[n].length);
            leafAt[n] = -1;
            if (node instanceof ReqNode.Leaf leaf) {
                kind[n] = LEAF;
                leafAt[n] = leaf.index();
                need[leaf.index()] = leaf.need();
                cap[leaf.index()] = leaf.cap();
                effortPerUnit[leaf.index()] = leaf.effortPerUnit();
                shareable[leaf.index()] = leaf.shareable();
            } else if (node instanceof ReqNode.AllOf) {
                kind[n] = ALL_OF;
            } else {
                kind[n] = AT_LEAST;
                count[n] = ((ReqNode.AtLeast) node).count();
            }
        }
        this.effortScratch = new double[widest];
    }

    private static int flatten(ReqNode node, List<ReqNode> order, List<int[]> childLists) {
        List<ReqNode> kids = node instanceof ReqNode.AllOf all ? all.children()
                : node instanceof ReqNode.AtLeast atLeast ? atLeast.children()
                : List.of();
        int[] childNumbers = new int[kids.size()];
        for (int i = 0; i < kids.size(); i++) {
            childNumbers[i] = flatten(kids.get(i), order, childLists);
        }
        order.add(node);
        childLists.add(childNumbers);
        return order.size() - 1;
    }

    int root() {
        return nodeCount - 1;
    }

    /** Units a leaf counts from a raw sum of weights. */
    double units(int leaf, double raw) {
        return Math.min(cap[leaf], raw);
    }

    /**
     * Evaluates every node for the given raw (uncapped) sums per leaf, writing into {@code sat} and {@code effort}
     * indexed by node number.
     */
    void evaluate(double[] raw, boolean[] sat, double[] effort) {
        for (int n = 0; n < nodeCount; n++) {
            int[] kids = children[n];
            switch (kind[n]) {
                case LEAF -> {
                    int l = leafAt[n];
                    double u = Math.min(cap[l], raw[l]);
                    boolean ok = u >= need[l] - EPS;
                    sat[n] = ok;
                    effort[n] = ok ? 0.0 : (need[l] - u) * effortPerUnit[l];
                }
                case ALL_OF -> {
                    boolean ok = true;
                    double sum = 0.0;
                    for (int k : kids) {
                        ok &= sat[k];
                        sum += effort[k];
                    }
                    sat[n] = ok;
                    effort[n] = sum;
                }
                default -> {
                    int satisfiedChildren = 0;
                    for (int k : kids) {
                        if (sat[k]) {
                            satisfiedChildren++;
                        }
                    }
                    int needed = count[n];
                    sat[n] = satisfiedChildren >= needed;
                    effort[n] = sat[n] ? 0.0 : cheapestMissing(kids, sat, effort, needed - satisfiedChildren);
                }
            }
        }
    }

    /**
     * The least effort of satisfying {@code missing} more of these children: the sum of the smallest efforts among
     * the unsatisfied ones (a satisfied child's effort is 0, so the N cheapest children are the satisfied ones and
     * then these). One missing child, the common case, needs no sort.
     */
    private double cheapestMissing(int[] kids, boolean[] sat, double[] effort, int missing) {
        if (missing == 1) {
            double least = Double.POSITIVE_INFINITY;
            for (int k : kids) {
                if (!sat[k] && effort[k] < least) {
                    least = effort[k];
                }
            }
            return least;
        }
        int m = 0;
        for (int k : kids) {
            if (!sat[k]) {
                effortScratch[m++] = effort[k];
            }
        }
        Arrays.sort(effortScratch, 0, m);
        double sum = 0.0;
        for (int i = 0; i < missing; i++) {
            sum += effortScratch[i];
        }
        return sum;
    }

    /**
     * Marks the leaves whose units can no longer change the root: those under a node that is already satisfied
     * (monotonicity keeps it satisfied with effort 0 whatever is added).
     */
    void markSettledLeaves(boolean[] sat, boolean[] settledNode, boolean[] settledLeaf) {
        // Reverse post-order visits each parent before its children.
        for (int n = nodeCount - 1; n >= 0; n--) {
            int p = parent[n];
            settledNode[n] = sat[n] || (p >= 0 && settledNode[p]);
            if (leafAt[n] >= 0) {
                settledLeaf[leafAt[n]] = settledNode[n];
            }
        }
    }

    /**
     * Treats each leaf's value as its cost if it counts, and returns the cheapest way to meet the tree: AllOf adds its
     * children, AtLeast(n) takes its n cheapest. Marks in {@code activeLeaf} the leaves counted by that cheapest way.
     */
    double cheapestSelection(double[] leafValue, double[] nodeValue, boolean[] nodeActive, boolean[] activeLeaf) {
        for (int n = 0; n < nodeCount; n++) {
            int[] kids = children[n];
            switch (kind[n]) {
                case LEAF -> nodeValue[n] = leafValue[leafAt[n]];
                case ALL_OF -> {
                    double sum = 0.0;
                    for (int k : kids) {
                        sum += nodeValue[k];
                    }
                    nodeValue[n] = sum;
                }
                default -> {
                    for (int i = 0; i < kids.length; i++) {
                        effortScratch[i] = nodeValue[kids[i]];
                    }
                    Arrays.sort(effortScratch, 0, kids.length);
                    double sum = 0.0;
                    for (int i = 0; i < count[n]; i++) {
                        sum += effortScratch[i];
                    }
                    nodeValue[n] = sum;
                }
            }
        }
        for (int n = nodeCount - 1; n >= 0; n--) {
            int p = parent[n];
            if (p < 0) {
                nodeActive[n] = true;
            } else if (!nodeActive[p]) {
                nodeActive[n] = false;
            } else if (kind[p] == ALL_OF) {
                nodeActive[n] = true;
            } else {
                nodeActive[n] = isAmongCheapest(p, n, nodeValue);
            }
            if (leafAt[n] >= 0) {
                activeLeaf[leafAt[n]] = nodeActive[n];
            }
        }
        return nodeValue[root()];
    }

    // Child n of AtLeast p is selected when fewer than count(p) siblings beat it (earlier siblings win ties).
    private boolean isAmongCheapest(int p, int n, double[] nodeValue) {
        int better = 0;
        for (int k : children[p]) {
            if (k == n) {
                continue;
            }
            if (nodeValue[k] < nodeValue[n] || (nodeValue[k] == nodeValue[n] && k < n)) {
                better++;
            }
        }
        return better < count[p];
    }

    /** Node numbers in depth-first pre-order from the root, for reporting. */
    int[] preOrder() {
        int[] out = new int[nodeCount];
        int[] stack = new int[nodeCount];
        int top = 0;
        int size = 0;
        stack[top++] = root();
        while (top > 0) {
            int n = stack[--top];
            out[size++] = n;
            for (int i = children[n].length - 1; i >= 0; i--) {
                stack[top++] = children[n][i];
            }
        }
        return out;
    }
}
