package org.pathwayengine.evaluation;

import org.pathwayengine.evaluation.GrantedException.Kind;
import org.pathwayengine.facts.RegistrarException;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.RequirementTree;
import org.pathwayengine.model.Ruleset;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The registrar's exceptions of one evaluation: those in force on the as-of date that name something this
 * ruleset and request have, looked up where each acts (intake for substitutions and validity, the requirement tree
 * for waivers and forced completions, the engine's candidacy rule for allowances), and why each of the others does
 * not apply.
 */
final class Exceptions {

    static final Exceptions NONE = new Exceptions(List.of(), Map.of());

    private final List<GrantedException> applied;
    /** Exceptions that do not apply, by id, with the effect (LAPSED or NOT_APPLICABLE) and why. */
    private final Map<String, String[]> notApplied;

    private Exceptions(List<GrantedException> applied, Map<String, String[]> notApplied) {
        this.applied = applied;
        this.notApplied = notApplied;
    }

    static Exceptions of(Ruleset ruleset, EvaluationRequest request, LocalDate asOf) {
        if (request.exceptions().isEmpty()) {
            return NONE;
        }
        Set<String> held = new java.util.HashSet<>();
        request.held().forEach(h -> held.add(h.code()));
        request.hypothetical().forEach(h -> held.add(h.code()));
        List<GrantedException> applied = new ArrayList<>();
        Map<String, String[]> notApplied = new LinkedHashMap<>();
        for (GrantedException e : request.exceptions()) {
            Optional<String> why = e.inForce(asOf) ? notApplicable(ruleset, e, held) : Optional.empty();
            if (!e.inForce(asOf)) {
                notApplied.put(e.id(), new String[]{"LAPSED", "it lapsed on " + e.expires() + ", before the as-of date "
                        + asOf});
            } else if (why.isPresent()) {
                notApplied.put(e.id(), new String[]{"NOT_APPLICABLE", why.get()});
            } else {
                applied.add(e);
            }
        }
        return new Exceptions(List.copyOf(applied), notApplied);
    }

    private static Optional<String> notApplicable(Ruleset ruleset, GrantedException e, Set<String> held) {
        List<String[]> violations = e.violations("");
        if (e.kind() == null || !violations.isEmpty()) {
            // A request's are checked before it is evaluated; a scenario's or an old record's may still be wrong.
            return Optional.of(e.kind() == null ? "it has no kind"
                    : violations.get(0)[0] + " " + violations.get(0)[1]);
        }
        if (e.qualification() != null) {
            Award award = ruleset.awards().get(e.qualification());
            if (award == null) {
                return Optional.of("ruleset " + ruleset.version() + " has no qualification " + e.qualification());
            }
            if (find(award.root(), e.requirement()) == null) {
                return Optional.of(e.qualification() + " has no requirement " + e.requirement() + " in ruleset "
                        + ruleset.version());
            }
        }
        if (e.credential() != null && !held.contains(e.credential())) {
            return Optional.of("the learner does not hold " + e.credential());
        }
        if (e.substitute() != null && !ruleset.catalog().microcredentials().containsKey(e.substitute())) {
            return Optional.of("'" + e.substitute() + "' is not in the catalog of ruleset " + ruleset.version());
        }
        return Optional.empty();
    }

    static RequirementTree find(RequirementTree node, String id) {
        if (node.id().equals(id)) {
            return node;
        }
        if (node instanceof RequirementTree.Group g) {
            for (RequirementTree child : g.children()) {
                RequirementTree found = find(child, id);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    boolean isEmpty() {
        return applied.isEmpty();
    }

    /** The exceptions that apply in this evaluation, in the request's order. */
    List<GrantedException> applied() {
        return applied;
    }

    /** Exceptions that do not apply: id to {effect, why}. */
    Map<String, String[]> notApplied() {
        return notApplied;
    }

    /** The policies' view of each exception that applies. */
    List<RegistrarException> facts() {
        return applied.stream().map(e -> new RegistrarException(e.id(), e.kind().name(), e.qualification(),
                e.requirement(), e.credential(), e.substitute(), e.until())).toList();
    }

    Optional<GrantedException> substitute(String heldCode) {
        return first(Kind.SUBSTITUTE, e -> e.credential().equals(heldCode));
    }

    Optional<GrantedException> extension(String heldCode) {
        return first(Kind.EXTEND_VALIDITY, e -> e.credential().equals(heldCode));
    }

    /**
     * A waiver or forced completion of this requirement node of this qualification's tree (or of a qualification
     * it includes).
     */
    Optional<GrantedException> waiver(String qualification, String node) {
        return applied.stream().filter(e -> (e.kind() == Kind.WAIVE || e.kind() == Kind.FORCE_COMPLETE)
                && RegistrarException.names(e.qualification(), e.requirement(), qualification, node)).findFirst();
    }

    /** Labels of the exceptions through which this held credential counts at this requirement leaf. */
    List<String> through(String heldCode, String substitutedFrom, String qualification, String leaf) {
        return applied.stream().filter(e -> switch (e.kind()) {
            case SUBSTITUTE -> e.credential().equals(substitutedFrom);
            case EXTEND_VALIDITY -> e.credential().equals(substitutedFrom != null ? substitutedFrom : heldCode);
            case ALLOW -> e.credential().equals(heldCode)
                    && RegistrarException.names(e.qualification(), e.requirement(), qualification, leaf);
            default -> false;
        }).map(Exceptions::label).collect(Collectors.toList());
    }

    static String label(GrantedException e) {
        return e.id() + " (" + e.kind() + ")";
    }

    private Optional<GrantedException> first(Kind kind, java.util.function.Predicate<GrantedException> test) {
        return applied.stream().filter(e -> e.kind() == kind && test.test(e)).findFirst();
    }
}
