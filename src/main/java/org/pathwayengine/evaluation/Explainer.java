package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Filter;
import org.pathwayengine.catalog.Numbers;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.evaluation.allocation.Allocation;
import org.pathwayengine.evaluation.allocation.NodeState;
import org.pathwayengine.model.RequirementTree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an allocation into the per-requirement explanation a learner or registrar reads: what counted, what is
 * missing in words, and which rules kept a credential out.
 */
final class Explainer {

    private final Allocation allocation;
    private final double[] units;
    private final List<RequirementTree.Leaf> leaves;
    private final Map<Integer, List<String>> countedByLeaf;
    private final Map<Integer, Set<String>> rulesByLeaf;
    private final Catalog catalog;
    private final Map<Integer, List<EvaluationResult.CreditUse>> usesByLeaf;
    private final Map<Integer, List<String>> hypotheticalByLeaf;
    private final Map<Integer, List<String>> countedElsewhere;
    private final Map<Integer, List<String>> belowAverage;
    private int leavesMet;
    /** Labels of the registrar's exceptions acting at each requirement node, by node id. */
    private final Map<String, List<String>> exceptionsByNode;

    Explainer(Allocation allocation, double[] units, List<RequirementTree.Leaf> leaves, Map<Integer, List<String>> countedByLeaf,
              Map<Integer, Set<String>> rulesByLeaf, Catalog catalog,
              Map<Integer, List<EvaluationResult.CreditUse>> usesByLeaf, Map<Integer, List<String>> hypotheticalByLeaf,
              Map<Integer, List<String>> countedElsewhere, Map<Integer, List<String>> belowAverage,
              Map<String, List<String>> exceptionsByNode) {
        this.exceptionsByNode = exceptionsByNode;
        this.countedElsewhere = countedElsewhere;
        this.belowAverage = belowAverage;
        this.usesByLeaf = usesByLeaf;
        this.hypotheticalByLeaf = hypotheticalByLeaf;
        this.allocation = allocation;
        this.units = units;
        this.leaves = leaves;
        this.countedByLeaf = countedByLeaf;
        this.rulesByLeaf = rulesByLeaf;
        this.catalog = catalog;
    }

    RequirementResult describe(RequirementTree r) {
        return describe(r, false);
    }

    /** @param parentMet when the parent is met, an unmet option is not "missing": nothing more is needed there */
    private RequirementResult describe(RequirementTree r, boolean parentMet) {
        NodeState state = allocation.nodes().get(r.id());
        boolean satisfied = state != null && state.satisfied();
        if (r instanceof RequirementTree.Group g) {
            boolean met = satisfied;
            List<RequirementResult> children = new ArrayList<>();
            g.children().forEach(c -> children.add(describe(c, met || parentMet)));
            long childrenMet = children.stream().filter(RequirementResult::met).count();
            String kind = r instanceof RequirementTree.Nested ? "qualification"
                    : r instanceof RequirementTree.Choose ? "choose" : "allOf";
            String missing = met || parentMet ? null : groupMissing(r, g, children, childrenMet);
            return new RequirementResult(r.id(), r.title(), kind, met, (double) childrenMet, (double) g.required(),
                    List.of(), missing, List.of(), r.source(), children, List.of(), List.of(),
                    exceptionsByNode.getOrDefault(r.id(), List.of()));
        }
        int index = leaves.indexOf(r);
        double units = this.units[index];
        // A spare option of a met choice keeps nothing after trimming, so it no longer reads as met.
        // A waived or forced requirement is met by the registrar's exception, whatever counted there.
        boolean waived = exceptionsByNode.getOrDefault(r.id(), List.of()).stream()
                .anyMatch(l -> l.endsWith("(WAIVE)") || l.endsWith("(FORCE_COMPLETE)"));
        boolean met = satisfied && (waived || units >= Trim.need(r) - 1e-9);
        if (met) {
            leavesMet++;
        }
        List<String> counted = countedByLeaf.getOrDefault(index, List.of());
        List<String> rules = List.copyOf(rulesByLeaf.getOrDefault(index, Set.of()));
        String kind;
        double required;
        String missing = null;
        if (r instanceof RequirementTree.CredentialLeaf c) {
            kind = "credential";
            required = 1;
            if (!met && !parentMet) {
                missing = "needs " + c.code() + " (" + catalog.microcredential(c.code()).map(m -> m.title())
                        .orElse(c.code()) + ")";
            }
        } else if (r instanceof RequirementTree.CountLeaf c) {
            kind = "count";
            required = c.count();
            if (!met && !parentMet) {
                long more = Math.round(c.count() - units);
                missing = more + " more credential" + (more == 1 ? "" : "s") + suffix(c.filter());
            }
        } else {
            RequirementTree.CreditsLeaf c = (RequirementTree.CreditsLeaf) r;
            kind = "credits";
            required = c.credits();
            if (!met && !parentMet) {
                missing = Numbers.rounded(c.credits() - units) + " more " + (c.framework() == null ? "" : c.framework() + " ")
                        + "credits" + suffix(c.filter())
                        + (c.recognisedBy() == null ? "" : " (own or recognised by " + c.recognisedBy() + ")");
            }
        }
        if (missing != null) {
            missing += ((RequirementTree.Leaf) r).shortfall(catalog).map(why -> " (" + why + ")").orElse("");
            Double mean = ((RequirementTree.Leaf) r).meanMark();
            if (mean != null) {
                missing += RequirementTree.averaging(mean) + " with what counts here";
                List<String> low = belowAverage.getOrDefault(index, List.of());
                if (!low.isEmpty()) {
                    missing += "; held but not counted, as the average would fall below " + Numbers.plain(mean) + ": "
                            + String.join(", ", low);
                }
            }
            List<String> elsewhere = countedElsewhere.getOrDefault(index, List.of());
            if (!elsewhere.isEmpty()) {
                // Held, but a credential counts once: say so rather than asking for what the learner has.
                missing = r instanceof RequirementTree.CredentialLeaf
                        ? "held, but " + String.join("; ", elsewhere) + ", and a credential counts once"
                        : missing + "; held but counted elsewhere, as a credential counts once: "
                        + String.join("; ", elsewhere);
            }
        }
        return new RequirementResult(r.id(), r.title(), kind, met, units, required, counted, missing, rules,
                r.source(), List.of(), usesByLeaf.getOrDefault(index, List.of()),
                hypotheticalByLeaf.getOrDefault(index, List.of()), exceptionsByNode.getOrDefault(r.id(), List.of()));
    }


    private String groupMissing(RequirementTree r, RequirementTree.Group g, List<RequirementResult> children,
                                long childrenMet) {
        if (r instanceof RequirementTree.Nested) {
            // The included qualification may be complete on its own and still not here, where each credential
            // counts once across the whole tree: say what is missing within this qualification.
            String inner = children.isEmpty() ? null : children.get(0).missing();
            return inner == null ? "complete " + r.title() + " first"
                    : r.title() + " (included) is not complete within this qualification: " + inner;
        }
        List<String> open = children.stream().filter(c -> !c.met()).map(RequirementResult::title).toList();
        if (r instanceof RequirementTree.Choose) {
            long more = g.required() - childrenMet;
            return more + " more of {" + String.join(", ", open) + "}";
        }
        return open.size() + " of " + children.size() + " still to meet: " + String.join("; ", open);
    }

    String summary(Status status, String title, double remainingHours, List<String> cannotComplete) {
        int total = leaves.size();
        if (status != Status.ELIGIBLE && !cannotComplete.isEmpty()) {
            String start = status == Status.IN_PROGRESS
                    ? leavesMet + " of " + total + " requirements met for " + title
                    : "No held credential counts towards " + title + " yet";
            return start + "; it cannot be completed from the catalog, which has no credential for: "
                    + String.join("; ", cannotComplete) + "."
                    + (remainingHours > 0 ? " The rest needs about " + Numbers.rounded(remainingHours)
                    + " hours of learning." : "");
        }
        return switch (status) {
            case ELIGIBLE -> "Eligible for " + title + ": every requirement is met.";
            case IN_PROGRESS -> leavesMet + " of " + total + " requirements met for " + title + "; about "
                    + Numbers.rounded(remainingHours) + " more hours of learning would complete it.";
            case NOT_STARTED -> "No held credential counts towards " + title + " yet; about "
                    + Numbers.rounded(remainingHours) + " hours of learning would complete it.";
        };
    }

    /**
     * What keeps a qualification from being completed from the catalog: its unmet leaves the catalog cannot meet,
     * where no alternative of a choice can stand in for them.
     *
     * @param leaves  each such leaf with the units it still needs
     * @param reasons each as "requirement: why"
     */
    record Blocking(Map<RequirementTree.Leaf, Double> leaves, List<String> reasons) {
        static final Blocking NONE = new Blocking(Map.of(), List.of());
    }

    Blocking blocking(RequirementTree root) {
        Map<RequirementTree.Leaf, Double> found = new LinkedHashMap<>();
        if (completable(root, found)) {
            return Blocking.NONE;
        }
        List<String> reasons = new ArrayList<>();
        found.keySet().forEach(leaf -> reasons.add(leaf.title() + ": " + leaf.shortfall(catalog).orElseThrow()));
        return new Blocking(Map.copyOf(found), List.copyOf(reasons));
    }

    private boolean completable(RequirementTree r, Map<RequirementTree.Leaf, Double> blocking) {
        NodeState state = allocation.nodes().get(r.id());
        boolean satisfied = state != null && state.satisfied();
        if (r instanceof RequirementTree.Leaf leaf) {
            double need = Trim.need(r) - units[leaves.indexOf(leaf)];
            if (satisfied && need <= 1e-9 || leaf.shortfall(catalog).isEmpty()) {
                return true;
            }
            blocking.put(leaf, need);
            return false;
        }
        if (satisfied) {
            return true;
        }
        RequirementTree.Group g = (RequirementTree.Group) r;
        List<RequirementTree> failing = new ArrayList<>();
        Map<RequirementTree, Map<RequirementTree.Leaf, Double>> below = new LinkedHashMap<>();
        long completable = 0;
        for (RequirementTree child : g.children()) {
            Map<RequirementTree.Leaf, Double> mine = new LinkedHashMap<>();
            if (completable(child, mine)) {
                completable++;
            } else {
                failing.add(child);
                below.put(child, mine);
            }
        }
        if (completable >= g.required()) {
            return true;
        }
        // Of a choice, only the options the allocator charged for block it: the cheapest still needed.
        failing.sort(java.util.Comparator.comparingDouble(c -> {
            NodeState s = allocation.nodes().get(c.id());
            return s == null ? Double.POSITIVE_INFINITY : s.remainingEffort();
        }));
        failing.stream().limit(g.required() - completable).forEach(c -> blocking.putAll(below.get(c)));
        return false;
    }

    private String suffix(Filter f) {
        String text = f.describe(a -> catalog.areas().containsKey(a) ? catalog.areas().get(a).title() : a);
        return text.isEmpty() ? "" : " " + text;
    }

}
