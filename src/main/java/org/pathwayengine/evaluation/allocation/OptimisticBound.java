package org.pathwayengine.evaluation.allocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One requirement tree compiled once, to rule out candidate sets quickly: whether the candidates could satisfy the
 * root if every credential counted in every leaf it may, all at once. Counting a credential in one leaf only,
 * capping units and averaging marks can only count less, and the tree is monotone, so when this bound fails no
 * assignment satisfies the root; when it holds it decides nothing, and {@link Allocator#satisfiable} must be asked.
 *
 * <p>The next-steps planner tests thousands of candidate sets of one qualification per evaluation, and most fail;
 * each exact test builds its search from the problem first, which this check skips. An instance keeps scratch
 * arrays: use it from one thread.
 */
public final class OptimisticBound {

    private final CompiledTree tree;
    private final double[] raw;
    private final boolean[] sat;
    private final double[] effort;

    /** @param root the tree, with leaf indexes 0..n-1 as an {@link AllocationProblem} checks them */
    public OptimisticBound(ReqNode root) {
        if (root == null) {
            throw new IllegalArgumentException("root must not be null");
        }
        // A shared part counts its credentials besides the rest; counted everywhere at once, it is a plain group.
        ReqNode plain = unshared(root);
        int leaves = new AllocationProblem(plain, 0, List.of()).leafCount();
        this.tree = new CompiledTree(plain, leaves);
        this.raw = new double[leaves];
        this.sat = new boolean[tree.nodeCount];
        this.effort = new double[tree.nodeCount];
    }

    private static ReqNode unshared(ReqNode node) {
        if (node instanceof ReqNode.Shared shared) {
            return unshared(shared.inner());
        }
        if (node instanceof ReqNode.AllOf all) {
            return new ReqNode.AllOf(all.id(), children(all.children()));
        }
        if (node instanceof ReqNode.AtLeast atLeast) {
            return new ReqNode.AtLeast(atLeast.id(), atLeast.count(), children(atLeast.children()));
        }
        return node;
    }

    private static List<ReqNode> children(List<ReqNode> nodes) {
        List<ReqNode> out = new ArrayList<>(nodes.size());
        nodes.forEach(n -> out.add(unshared(n)));
        return out;
    }

    /**
     * False when these candidates cannot satisfy the root under any assignment; true when they might.
     *
     * @throws IllegalArgumentException if a candidate names a leaf the tree does not have
     */
    public boolean mayHold(List<Edge> candidates) {
        Arrays.fill(raw, 0.0);
        for (Edge e : candidates) {
            if (e.leaf() >= raw.length) {
                throw new IllegalArgumentException("candidate (credential " + e.credential() + ") names leaf "
                        + e.leaf() + " but leaf indexes are 0.." + (raw.length - 1));
            }
            raw[e.leaf()] += e.weight();
        }
        tree.evaluate(raw, sat, effort);
        return sat[tree.root()];
    }
}
