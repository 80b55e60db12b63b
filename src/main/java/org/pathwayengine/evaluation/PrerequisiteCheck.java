package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.catalog.Prerequisites;
import org.pathwayengine.evaluation.EvaluationResult.Blocked;
import org.pathwayengine.evaluation.EvaluationResult.PrerequisiteSummary;
import org.pathwayengine.evaluation.EvaluationResult.Startable;
import org.pathwayengine.facts.Held;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the learner may start a credential: every "all of" prerequisite and N of the "from" ones held, valid,
 * and (with "within") awarded recently enough; qualifications count when the learner is eligible for them.
 */
final class PrerequisiteCheck {

    private final Catalog catalog;
    private final Map<String, Held> valid = new HashMap<>();
    private final Set<String> eligible;
    private final LocalDate asOf;

    PrerequisiteCheck(Catalog catalog, List<Held> held, Set<Integer> excludedEverywhere, Set<String> eligible,
                  LocalDate asOf) {
        this.catalog = catalog;
        this.eligible = eligible;
        this.asOf = asOf;
        held.stream().filter(h -> !excludedEverywhere.contains(h.getIndex())).forEach(h -> valid.put(h.getCode(), h));
    }

    /** What is missing to start the credential, in words; empty when it may be started now. */
    List<String> missing(String code) {
        Microcredential m = catalog.microcredentials().get(code);
        return m == null ? List.of() : missing(m.prerequisites());
    }

    /** What is missing of these prerequisites, in words; empty when they are met (or there are none). */
    List<String> missing(Prerequisites p) {
        List<String> out = new ArrayList<>();
        if (p == null) {
            return out;
        }
        for (String need : p.allOf()) {
            String why = unmet(need, p.within());
            if (why != null) {
                out.add(why);
            }
        }
        if (p.choose() != null) {
            long have = p.from().stream().filter(c -> met(c, p.within())).count();
            if (have < p.choose()) {
                out.add((p.choose() - have) + " more of {" + String.join(", ", p.from()) + "}"
                        + (p.within() == null ? "" : " awarded within " + p.within()));
            }
        }
        return out;
    }

    /**
     * Least notional hours of further learning that would meet these prerequisites: each missing credential, the
     * cheapest missing options of an "N of", and for a qualification the hours its own result still needs.
     */
    double hoursToMeet(Prerequisites p, java.util.function.ToDoubleFunction<String> qualificationHours) {
        if (p == null) {
            return 0;
        }
        java.util.function.ToDoubleFunction<String> cost = c -> catalog.qualifications().containsKey(c)
                ? qualificationHours.applyAsDouble(c)
                : catalog.microcredential(c).map(Microcredential::hours).orElse(0);
        double hours = p.allOf().stream().filter(c -> !met(c, p.within())).mapToDouble(cost).sum();
        if (p.choose() != null) {
            long have = p.from().stream().filter(c -> met(c, p.within())).count();
            hours += p.from().stream().filter(c -> !met(c, p.within()) && !p.allOf().contains(c))
                    .mapToDouble(cost).sorted().limit(Math.max(0, p.choose() - have)).sum();
        }
        return hours;
    }

    /** Whether the learner may start the credential now: its prerequisites are all met. */
    boolean satisfied(String code) {
        Microcredential m = catalog.microcredentials().get(code);
        return m == null || meets(m.prerequisites(), c -> false);
    }

    /**
     * Whether these prerequisites are met, counting a code as met when the learner meets it or {@code alsoMet}
     * says so (the planner's additions): all of {@code allOf}, and {@code choose} of {@code from}.
     */
    boolean meets(Prerequisites p, java.util.function.Predicate<String> alsoMet) {
        if (p == null) {
            return true;
        }
        java.util.function.Predicate<String> ok = c -> met(c, p.within()) || alsoMet.test(c);
        return p.allOf().stream().allMatch(ok) && (p.choose() == null || p.from().stream().filter(ok).count() >= p.choose());
    }

    /** Whether the learner already meets this one prerequisite (held, valid, recent enough; or eligible). */
    boolean met(String code, java.time.Period within) {
        if (catalog.qualifications().containsKey(code)) {
            return eligible.contains(code);
        }
        Held h = valid.get(code);
        return h != null && (within == null || !h.getAwarded().plus(within).isBefore(asOf));
    }

    /** Why this one prerequisite is not met, in words; null when it is. */
    private String unmet(String code, java.time.Period within) {
        if (met(code, within)) {
            return null;
        }
        if (catalog.qualifications().containsKey(code)) {
            return "needs the " + catalog.qualifications().get(code).title() + " (" + code + ")";
        }
        Held h = valid.get(code);
        if (h == null) {
            return "needs " + code + " (" + catalog.microcredential(code).map(Microcredential::title).orElse(code) + ")";
        }
        return "needs " + code + " awarded within " + within + " (it was awarded " + h.getAwarded() + ")";
    }

    PrerequisiteSummary summary(List<Held> prospects) {
        List<Startable> available = new ArrayList<>();
        List<Blocked> blocked = new ArrayList<>();
        for (Held p : prospects) {
            if (p.isRenewal() && valid.containsKey(p.getCode())) {
                continue; // held and valid: nothing to start (a policy may still keep it out of a qualification)
            }
            List<String> missing = missing(p.getCode());
            Microcredential m = catalog.microcredentials().get(p.getCode());
            if (missing.isEmpty()) {
                List<String> recommended = m.recommends().stream().filter(c -> !valid.containsKey(c)).toList();
                available.add(new Startable(m.code(), m.title(), recommended));
            } else {
                blocked.add(new Blocked(m.code(), m.title(), missing));
            }
        }
        return new PrerequisiteSummary(available, blocked);
    }
}
