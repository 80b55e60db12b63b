package org.pathwayengine.model;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Filter;
import org.pathwayengine.catalog.Numbers;

import java.util.List;
import java.util.Optional;

/**
 * A resolved requirement: groups (all of, N of M, a nested qualification) over leaves (a named credential,
 * N credentials or X credits from a filtered set). Ids are unique within one qualification's tree.
 */
public sealed interface RequirementTree {

    String id();

    String title();

    /** Where the designer wrote it, for messages: file and line. */
    String source();

    /** Every leaf below this node, in tree order. */
    default List<Leaf> leaves() {
        List<Leaf> out = new java.util.ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(RequirementTree r, List<Leaf> out) {
        if (r instanceof Leaf leaf) {
            out.add(leaf);
        } else if (r instanceof Group g) {
            g.children().forEach(c -> collect(c, out));
        }
    }

    /** Whether credentials counted here may also count towards the rest of the qualification. */
    boolean shareable();

    /** How the words for a requirement say that it asks for an average mark, or "" when it does not. */
    static String averaging(Double meanMark) {
        return meanMark == null ? "" : ", averaging a mark of " + Numbers.plain(meanMark) + " or more";
    }

    /**
     * A node that combines children. A shareable group takes credentials without using them up for the rest of the
     * qualification; inside it each credential still counts once.
     */
    sealed interface Group extends RequirementTree {
        List<RequirementTree> children();

        /** How many children must be met. */
        int required();
    }

    record AllOf(String id, String title, String source, List<RequirementTree> children, boolean shareable)
            implements Group {
        public AllOf(String id, String title, String source, List<RequirementTree> children) {
            this(id, title, source, children, false);
        }

        public int required() {
            return children.size();
        }
    }

    record Choose(String id, String title, String source, int n, List<RequirementTree> children, boolean shareable)
            implements Group {
        public Choose(String id, String title, String source, int n, List<RequirementTree> children) {
            this(id, title, source, n, children, false);
        }

        public int required() {
            return n;
        }
    }

    /** A qualification nested in another (an exit award on the way to a larger one): its whole tree must be met. */
    record Nested(String id, String title, String source, String qualification, RequirementTree inner,
                  boolean shareable) implements Group {
        public Nested(String id, String title, String source, String qualification, RequirementTree inner) {
            this(id, title, source, qualification, inner, false);
        }

        public List<RequirementTree> children() {
            return List.of(inner);
        }

        public int required() {
            return 1;
        }
    }

    /** A leaf: a set of credentials it accepts and how much of them it needs. */
    sealed interface Leaf extends RequirementTree {

        /**
         * Why no learner could meet this by taking what the catalog offers, or empty when the catalog can meet it:
         * a curriculum defect, since such a requirement is met only by prior learning counted elsewhere.
         */
        Optional<String> shortfall(Catalog catalog);

        /** The average mark what this leaf counts must reach, or null when it asks none. */
        default Double meanMark() {
            return null;
        }
    }

    record CredentialLeaf(String id, String title, String source, String code, boolean shareable) implements Leaf {
        @Override
        public Optional<String> shortfall(Catalog catalog) {
            return catalog.microcredential(code).isPresent() ? Optional.empty()
                    : Optional.of("'" + code + "' is not in the catalog");
        }
    }

    /**
     * @param levelScheme the level scheme its filter's levels are read in (the requirement's framework's, else the
     *                    qualification's), or null to compare levels as written
     * @param meanMark    the average mark the credentials it counts must reach, or null
     */
    record CountLeaf(String id, String title, String source, int count, Filter filter, boolean shareable,
                     String levelScheme, Double meanMark) implements Leaf {

        public CountLeaf(String id, String title, String source, int count, Filter filter, boolean shareable,
                         String levelScheme) {
            this(id, title, source, count, filter, shareable, levelScheme, null);
        }

        @Override
        public Optional<String> shortfall(Catalog catalog) {
            int offered = catalog.accepted(filter).size();
            if (offered >= count) {
                return Optional.empty();
            }
            return Optional.of(offered == 0 ? "no credential in the catalog meets it"
                    : "only " + offered + " credential" + (offered == 1 ? "" : "s") + " in the catalog meet"
                    + (offered == 1 ? "s" : "") + " it, and it needs " + count);
        }
    }

    /**
     * @param framework    count credits in this framework, converting others; null for each credential's own
     * @param recognisedBy count the credit this institution recognises (its own credentials at face value)
     * @param awardRule    an award-level credit rule (minimum total or at level) rather than a requirement of the
     *                     tree: recognised prior learning counts there only within the award's RPL cap, and it
     *                     does not by itself make a qualification relevant to a learner
     * @param meanMark     the average mark, weighted by the credits each counts here, the credentials it counts
     *                     must reach, or null
     */
    record CreditsLeaf(String id, String title, String source, double credits, Double atMost, Filter filter,
                       boolean shareable, String framework, String recognisedBy, boolean awardRule, Double meanMark)
            implements Leaf {

        public CreditsLeaf(String id, String title, String source, double credits, Double atMost, Filter filter,
                           boolean shareable, String framework, String recognisedBy, boolean awardRule) {
            this(id, title, source, credits, atMost, filter, shareable, framework, recognisedBy, awardRule, null);
        }

        @Override
        public Optional<String> shortfall(Catalog catalog) {
            // Credit in another framework converts, and a recognising institution grants its own credit, at rates
            // the catalog does not know here: only a plain requirement can be judged short from the catalog.
            if (framework != null || recognisedBy != null) {
                return Optional.empty();
            }
            double offered = catalog.accepted(filter).stream().mapToDouble(m -> m.credits()).sum();
            if (offered <= 0) {
                return Optional.of("no credential in the catalog that carries credit meets it");
            }
            return offered < credits
                    ? Optional.of("the catalog credentials that meet it carry " + Numbers.plain(offered)
                    + " credits in all, and it needs " + Numbers.plain(credits))
                    : Optional.empty();
        }
    }
}
