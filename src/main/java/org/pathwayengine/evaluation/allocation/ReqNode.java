package org.pathwayengine.evaluation.allocation;

import java.util.List;

/** A node of a qualification's requirement tree: a conjunction, an N-of-M choice, or a leaf that credentials fill. */
public sealed interface ReqNode permits ReqNode.AllOf, ReqNode.AtLeast, ReqNode.Leaf, ReqNode.Shared {

    /** Identifier of this node, unique within one tree. */
    String id();

    /** The nodes directly below this one: a group's children, a shared part's inner node, none for a leaf. */
    List<ReqNode> children();

    /** Satisfied when every child is satisfied. */
    record AllOf(String id, List<ReqNode> children) implements ReqNode {
        public AllOf {
            requireId(id);
            children = copyChildren(id, children);
        }
    }

    /** N of M: at least {@code count} children satisfied. */
    record AtLeast(String id, int count, List<ReqNode> children) implements ReqNode {
        public AtLeast {
            requireId(id);
            children = copyChildren(id, children);
            if (count < 0) {
                throw new IllegalArgumentException("AtLeast '" + id + "': count must be >= 0 but was " + count);
            }
            // A rule asking for more children than it has can never be met, and its effort would be undefined.
            if (count > children.size()) {
                throw new IllegalArgumentException("AtLeast '" + id + "': count " + count
                        + " exceeds its " + children.size() + " children");
            }
        }
    }

    /**
     * A part whose credentials may also count in the rest of the tree (a shareable group or nested qualification):
     * inside it each credential still counts once, but what it uses is not taken from its siblings. It is met when
     * its inner node can be met by all the credentials on their own, so it is allocated apart from the rest. It has
     * its inner node's id.
     */
    record Shared(ReqNode inner) implements ReqNode {
        public Shared {
            if (inner == null) {
                throw new IllegalArgumentException("a shared part needs an inner node");
            }
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public List<ReqNode> children() {
            return List.of(inner);
        }
    }

    /**
     * A leaf needs {@code need} units (1 for "this credential", N for "N credentials from...", M for "M credits
     * from ..."); units beyond {@code cap} ({@link Double#POSITIVE_INFINITY} when none) do not count,
     * {@code effortPerUnit} is the notional hours to earn one more missing unit, credentials counted in a
     * {@code shareable} leaf may also count in other leaves, and {@code index} (0..leafCount-1, unique) is
     * assigned by the caller.
     */
    record Leaf(String id, int index, double need, double cap, double effortPerUnit, boolean shareable)
            implements ReqNode {
        public Leaf {
            requireId(id);
            if (index < 0) {
                throw new IllegalArgumentException("Leaf '" + id + "': index must be >= 0 but was " + index);
            }
            if (!(need >= 0) || Double.isInfinite(need)) {
                throw new IllegalArgumentException("Leaf '" + id + "': need must be finite and >= 0 but was " + need);
            }
            if (!(cap >= 0)) {
                throw new IllegalArgumentException("Leaf '" + id + "': cap must be >= 0 (or POSITIVE_INFINITY) but was "
                        + cap);
            }
            if (!(effortPerUnit >= 0) || Double.isInfinite(effortPerUnit)) {
                throw new IllegalArgumentException("Leaf '" + id + "': effortPerUnit must be finite and >= 0 but was "
                        + effortPerUnit);
            }
        }

        @Override
        public List<ReqNode> children() {
            return List.of();
        }
    }

    private static void requireId(String id) {
        if (id == null) {
            throw new IllegalArgumentException("requirement node id must not be null");
        }
    }

    private static List<ReqNode> copyChildren(String id, List<ReqNode> children) {
        if (children == null) {
            throw new IllegalArgumentException("node '" + id + "': children must not be null");
        }
        for (ReqNode child : children) {
            if (child == null) {
                throw new IllegalArgumentException("node '" + id + "': children must not contain null");
            }
        }
        return List.copyOf(children);
    }
}
