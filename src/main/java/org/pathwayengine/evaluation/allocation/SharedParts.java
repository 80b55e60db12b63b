package org.pathwayengine.evaluation.allocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Allocates a tree with shared parts exactly, by splitting it. A shared part takes credentials without using them up
 * for the rest of the tree, so its best allocation does not depend on the rest and the rest sees it only through
 * whether it is met and its remaining effort: each outermost shared part is allocated on its own (recursively, for
 * shared parts inside it), then the rest with each part replaced by a leaf no credential reaches, met or missing
 * one unit at the part's effort. Joining the two optima is optimal, since no credential choice links them.
 */
final class SharedParts {

    private final Allocator allocator;
    private final AllocationProblem problem;

    SharedParts(Allocator allocator, AllocationProblem problem) {
        this.allocator = allocator;
        this.problem = problem;
    }

    static boolean present(ReqNode node) {
        if (node instanceof ReqNode.Shared) {
            return true;
        }
        for (ReqNode child : node.children()) {
            if (present(child)) {
                return true;
            }
        }
        return false;
    }

    Allocation allocate() {
        ReqNode root = problem.root();
        if (root instanceof ReqNode.Shared whole) {
            // Sharing with nothing else changes nothing.
            return allocator.allocate(new AllocationProblem(whole.inner(), problem.credentialCount(),
                    problem.candidates()));
        }
        int leafCount = problem.leafCount();
        // Each original leaf: which part holds it (-1 for the rest) and its index there.
        int[] partOf = new int[leafCount];
        int[] localIndex = new int[leafCount];
        List<ReqNode.Shared> parts = new ArrayList<>();
        collectParts(root, parts);
        List<List<Integer>> partLeaves = new ArrayList<>();
        Arrays.fill(partOf, -1);
        for (int p = 0; p < parts.size(); p++) {
            List<Integer> leaves = new ArrayList<>();
            leafIndexes(parts.get(p).inner(), leaves);
            leaves.sort(Integer::compare);
            for (int i = 0; i < leaves.size(); i++) {
                partOf[leaves.get(i)] = p;
                localIndex[leaves.get(i)] = i;
            }
            partLeaves.add(leaves);
        }
        List<Integer> restLeaves = new ArrayList<>();
        for (int l = 0; l < leafCount; l++) {
            if (partOf[l] < 0) {
                localIndex[l] = restLeaves.size();
                restLeaves.add(l);
            }
        }

        List<Allocation> partResults = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            List<Edge> edges = new ArrayList<>();
            for (Edge e : problem.candidates()) {
                if (partOf[e.leaf()] == p) {
                    edges.add(new Edge(e.credential(), localIndex[e.leaf()], e.weight()));
                }
            }
            ReqNode inner = reindex(parts.get(p).inner(), localIndex);
            partResults.add(allocator.allocate(new AllocationProblem(inner, problem.credentialCount(), edges)));
        }

        // The rest: each part becomes a leaf after the rest's own leaves.
        Map<String, Integer> placeholder = new HashMap<>();
        for (int p = 0; p < parts.size(); p++) {
            placeholder.put(parts.get(p).id(), p);
        }
        ReqNode rest = replace(root, localIndex, placeholder, partResults, restLeaves.size());
        List<Edge> restEdges = new ArrayList<>();
        for (Edge e : problem.candidates()) {
            if (partOf[e.leaf()] < 0) {
                restEdges.add(new Edge(e.credential(), localIndex[e.leaf()], e.weight()));
            }
        }
        Allocation main = allocator.allocate(new AllocationProblem(rest, problem.credentialCount(), restEdges));
        return join(main, partResults, restLeaves, partLeaves, placeholder);
    }

    private Allocation join(Allocation main, List<Allocation> partResults, List<Integer> restLeaves,
                            List<List<Integer>> partLeaves, Map<String, Integer> placeholders) {
        int credentials = problem.credentialCount();
        int[] leafOf = new int[credentials];
        List<List<Integer>> countedIn = new ArrayList<>();
        for (int c = 0; c < credentials; c++) {
            int there = main.leafOf()[c];
            leafOf[c] = there < 0 ? -1 : restLeaves.get(there);
            TreeSet<Integer> in = new TreeSet<>();
            for (int l : main.countedIn().get(c)) {
                if (l < restLeaves.size()) {
                    in.add(restLeaves.get(l));
                }
            }
            for (int p = 0; p < partResults.size(); p++) {
                Allocation part = partResults.get(p);
                List<Integer> map = partLeaves.get(p);
                part.countedIn().get(c).forEach(l -> in.add(map.get(l)));
                if (leafOf[c] < 0 && part.leafOf()[c] >= 0) {
                    leafOf[c] = map.get(part.leafOf()[c]);
                }
            }
            countedIn.add(List.copyOf(in));
        }
        double[] units = new double[problem.leafCount()];
        for (int l = 0; l < restLeaves.size(); l++) {
            units[restLeaves.get(l)] = main.leafUnits()[l];
        }
        Map<String, NodeState> nodes = new LinkedHashMap<>();
        long explored = main.explored();
        boolean exact = main.exact();
        for (int p = 0; p < partResults.size(); p++) {
            Allocation part = partResults.get(p);
            List<Integer> map = partLeaves.get(p);
            for (int l = 0; l < map.size(); l++) {
                units[map.get(l)] = part.leafUnits()[l];
            }
            explored += part.explored();
            exact &= part.exact();
        }
        main.nodes().forEach((id, state) -> {
            if (placeholders.containsKey(id)) {
                nodes.putAll(partResults.get(placeholders.get(id)).nodes());
            } else {
                nodes.put(id, state);
            }
        });
        return new Allocation(main.satisfied(), main.remainingEffort(), leafOf, List.copyOf(countedIn), units, nodes,
                exact, explored);
    }

    private static void collectParts(ReqNode node, List<ReqNode.Shared> out) {
        if (node instanceof ReqNode.Shared shared) {
            out.add(shared);
            return;
        }
        node.children().forEach(c -> collectParts(c, out));
    }

    private static void leafIndexes(ReqNode node, List<Integer> out) {
        if (node instanceof ReqNode.Leaf leaf) {
            out.add(leaf.index());
        } else if (node instanceof ReqNode.Shared shared) {
            leafIndexes(shared.inner(), out);
        } else {
            node.children().forEach(c -> leafIndexes(c, out));
        }
    }

    /** The part's tree with its leaves numbered from 0 (shared parts inside it stay, for its own split). */
    private static ReqNode reindex(ReqNode node, int[] localIndex) {
        if (node instanceof ReqNode.Leaf l) {
            return new ReqNode.Leaf(l.id(), localIndex[l.index()], l.need(), l.cap(), l.effortPerUnit(), l.shareable());
        }
        if (node instanceof ReqNode.Shared shared) {
            return new ReqNode.Shared(reindex(shared.inner(), localIndex));
        }
        if (node instanceof ReqNode.AllOf all) {
            return new ReqNode.AllOf(all.id(), all.children().stream().map(c -> reindex(c, localIndex)).toList());
        }
        ReqNode.AtLeast atLeast = (ReqNode.AtLeast) node;
        return new ReqNode.AtLeast(atLeast.id(), atLeast.count(),
                atLeast.children().stream().map(c -> reindex(c, localIndex)).toList());
    }

    /** The rest of the tree: each outermost shared part replaced by a leaf that stands as its allocation left it. */
    private static ReqNode replace(ReqNode node, int[] localIndex, Map<String, Integer> placeholder,
                                   List<Allocation> partResults, int restCount) {
        if (node instanceof ReqNode.Shared shared) {
            int p = placeholder.get(shared.id());
            int index = restCount + p;
            Allocation part = partResults.get(p);
            return part.satisfied()
                    ? new ReqNode.Leaf(shared.id(), index, 0, Double.POSITIVE_INFINITY, 0, false)
                    : new ReqNode.Leaf(shared.id(), index, 1, Double.POSITIVE_INFINITY, part.remainingEffort(), false);
        }
        if (node instanceof ReqNode.Leaf l) {
            return new ReqNode.Leaf(l.id(), localIndex[l.index()], l.need(), l.cap(), l.effortPerUnit(), l.shareable());
        }
        if (node instanceof ReqNode.AllOf all) {
            return new ReqNode.AllOf(all.id(), all.children().stream()
                    .map(c -> replace(c, localIndex, placeholder, partResults, restCount)).toList());
        }
        ReqNode.AtLeast atLeast = (ReqNode.AtLeast) node;
        return new ReqNode.AtLeast(atLeast.id(), atLeast.count(), atLeast.children().stream()
                .map(c -> replace(c, localIndex, placeholder, partResults, restCount)).toList());
    }
}
