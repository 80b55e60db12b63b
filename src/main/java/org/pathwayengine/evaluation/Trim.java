package org.pathwayengine.evaluation;

import org.pathwayengine.evaluation.allocation.Allocation;
import org.pathwayengine.evaluation.allocation.NodeState;
import org.pathwayengine.model.RequirementTree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops surplus from an allocation before it is reported: a met requirement keeps only the credentials it needs,
 * and a met "N of M" keeps only N of its met options. The allocator may place a spare credential anywhere it
 * fits (that never hurts the search), but an answer that counts 40 credits towards a 30-credit award, or two
 * modules towards a choice of one, would mislead a registrar. Unmet requirements keep everything: it is progress.
 */
final class Trim {

    /** What counts where after trimming: credential indexes per leaf, and the units they give. */
    record Result(Map<Integer, List<Integer>> credentialsByLeaf, double[] units) {
    }

    private final Allocation allocation;
    private final List<RequirementTree.Leaf> leaves;
    private final Map<Long, Double> weights;
    private final Map<Integer, List<Integer>> kept = new HashMap<>();
    private final double[] units;

    /** @param weights units a credential gives a leaf, keyed by {@link #key(int, int)} */
    Trim(Allocation allocation, List<RequirementTree.Leaf> leaves, Map<Long, Double> weights) {
        this.allocation = allocation;
        this.leaves = leaves;
        this.weights = weights;
        this.units = new double[leaves.size()];
    }

    static long key(int credential, int leaf) {
        return ((long) credential << 32) | leaf;
    }

    Result run(RequirementTree root) {
        visit(root, true);
        return new Result(kept, units);
    }

    private void visit(RequirementTree r, boolean needed) {
        NodeState state = allocation.nodes().get(r.id());
        boolean met = state != null && state.satisfied();
        if (r instanceof RequirementTree.Group g) {
            int keep = met && r instanceof RequirementTree.Choose c ? c.n() : Integer.MAX_VALUE;
            for (RequirementTree child : g.children()) {
                NodeState cs = allocation.nodes().get(child.id());
                boolean childMet = cs != null && cs.satisfied();
                boolean childNeeded = needed && (!met || !(r instanceof RequirementTree.Choose) || (childMet && keep > 0));
                if (met && r instanceof RequirementTree.Choose && childMet && keep > 0) {
                    keep--;
                }
                visit(child, childNeeded);
            }
            return;
        }
        int leaf = leaves.indexOf(r);
        if (!needed) {
            return;
        }
        List<Integer> placed = new ArrayList<>();
        for (int i = 0; i < allocation.countedIn().size(); i++) {
            if (allocation.countedIn().get(i).contains(leaf)) {
                placed.add(i);
            }
        }
        double need = need(r);
        double cap = r instanceof RequirementTree.CreditsLeaf c && c.atMost() != null ? c.atMost() : Double.MAX_VALUE;
        List<Integer> keepList = new ArrayList<>();
        double sum = 0;
        // An average-mark leaf keeps all it counts: dropping one could change the average it was met with.
        boolean averaged = ((RequirementTree.Leaf) r).meanMark() != null;
        for (int credential : placed) {
            if (met && sum >= need - 1e-9 && !averaged) {
                break;
            }
            keepList.add(credential);
            sum += weights.getOrDefault(key(credential, leaf), 1.0);
        }
        kept.put(leaf, keepList);
        units[leaf] = Math.min(sum, cap);
    }

    /** Units a leaf asks for: its count, its credits, or one credential. */
    static double need(RequirementTree r) {
        if (r instanceof RequirementTree.CountLeaf c) {
            return c.count();
        }
        if (r instanceof RequirementTree.CreditsLeaf c) {
            return c.credits();
        }
        return 1;
    }
}
