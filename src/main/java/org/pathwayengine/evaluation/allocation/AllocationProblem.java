package org.pathwayengine.evaluation.allocation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A requirement tree, the number of held credentials, which leaves each credential may count towards, and any
 * conditions on the average mark of what a leaf counts.
 */
public record AllocationProblem(ReqNode root, int credentialCount, List<Edge> candidates, List<MeanMark> means) {

    /** A problem without mark conditions. */
    public AllocationProblem(ReqNode root, int credentialCount, List<Edge> candidates) {
        this(root, credentialCount, candidates, List.of());
    }

    public AllocationProblem {
        if (root == null) {
            throw new IllegalArgumentException("root must not be null");
        }
        if (credentialCount < 0) {
            throw new IllegalArgumentException("credentialCount must be >= 0 but was " + credentialCount);
        }
        if (candidates == null) {
            throw new IllegalArgumentException("candidates must not be null");
        }
        for (Edge c : candidates) {
            if (c == null) {
                throw new IllegalArgumentException("candidates must not contain null");
            }
        }
        candidates = List.copyOf(candidates);
        means = means == null ? List.of() : List.copyOf(means);

        List<ReqNode.Leaf> leaves = leavesOf(root);
        int leafCount = leaves.size();
        ReqNode.Leaf[] byIndex = new ReqNode.Leaf[leafCount];
        for (ReqNode.Leaf leaf : leaves) {
            if (leaf.index() >= leafCount) {
                throw new IllegalArgumentException("leaf '" + leaf.id() + "' has index " + leaf.index()
                        + " but the tree has " + leafCount + " leaves (indexes must be 0.." + (leafCount - 1) + ")");
            }
            if (byIndex[leaf.index()] != null) {
                throw new IllegalArgumentException("leaves '" + byIndex[leaf.index()].id() + "' and '" + leaf.id()
                        + "' share index " + leaf.index());
            }
            byIndex[leaf.index()] = leaf;
        }
        Set<Integer> averaged = new HashSet<>();
        for (MeanMark m : means) {
            if (m.leaf() >= leafCount) {
                throw new IllegalArgumentException("mean-mark condition names leaf " + m.leaf()
                        + " but leaf indexes are 0.." + (leafCount - 1));
            }
            if (!averaged.add(m.leaf())) {
                throw new IllegalArgumentException("two mean-mark conditions on leaf " + m.leaf());
            }
        }

        // Two weights for one pair would leave it ambiguous what the credential contributes there. The planner
        // builds thousands of problems per evaluation, so pairs are checked in a sorted array, not a hash set.
        long[] pairs = new long[candidates.size()];
        int n = 0;
        for (Edge c : candidates) {
            if (c.credential() >= credentialCount) {
                throw new IllegalArgumentException("candidate credential " + c.credential()
                        + " is out of range 0.." + (credentialCount - 1));
            }
            if (c.leaf() >= leafCount) {
                throw new IllegalArgumentException("candidate (credential " + c.credential() + ") names leaf "
                        + c.leaf() + " but leaf indexes are 0.." + (leafCount - 1));
            }
            pairs[n++] = ((long) c.credential() << 32) | c.leaf();
        }
        java.util.Arrays.sort(pairs);
        for (int i = 1; i < pairs.length; i++) {
            if (pairs[i] == pairs[i - 1]) {
                throw new IllegalArgumentException("duplicate candidate for credential " + (pairs[i] >>> 32)
                        + " and leaf " + (int) pairs[i]);
            }
        }
    }

    /** Number of leaves in the tree (leaf indexes run 0..leafCount()-1). */
    public int leafCount() {
        // The tree was checked on construction; counting needs no second check.
        return countLeaves(root);
    }

    private static int countLeaves(ReqNode node) {
        if (node instanceof ReqNode.Leaf) {
            return 1;
        }
        int n = 0;
        for (ReqNode child : node.children()) {
            n += countLeaves(child);
        }
        return n;
    }

    // Also rejects duplicate ids: results are reported per node id, so a repeat would hide a node.
    private static List<ReqNode.Leaf> leavesOf(ReqNode root) {
        List<ReqNode.Leaf> leaves = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Deque<ReqNode> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            ReqNode node = stack.pop();
            // A shared part is its inner node under the same id.
            if (!(node instanceof ReqNode.Shared) && !ids.add(node.id())) {
                throw new IllegalArgumentException("node id '" + node.id() + "' occurs more than once in the tree");
            }
            if (node instanceof ReqNode.Leaf leaf) {
                leaves.add(leaf);
            }
            node.children().forEach(stack::push);
        }
        return leaves;
    }
}
