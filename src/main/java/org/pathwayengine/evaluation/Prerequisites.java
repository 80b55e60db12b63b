package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Microcredential;
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
final class Prerequisites {

    private final Catalog catalog;
    private final Map<String, Held> valid = new HashMap<>();
    private final Set<String> eligible;
    private final LocalDate asOf;

    Prerequisites(Catalog catalog, List<Held> held, Set<Integer> excludedEverywhere, Set<String> eligible,
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
    List<String> missing(org.pathwayengine.catalog.Prerequisites p) {
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
            long have = p.from().stream().filter(c -> unmet(c, p.within()) == null).count();
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
    double hoursToMeet(org.pathwayengine.catalog.Prerequisites p, java.util.function.ToDoubleFunction<String> qualificationHours) {
        if (p == null) {
            return 0;
        }
        java.util.function.ToDoubleFunction<String> cost = c -> catalog.qualifications().containsKey(c)
                ? qualificationHours.applyAsDouble(c)
                : catalog.microcredential(c).map(Microcredential::hours).orElse(0);
        double hours = p.allOf().stream().filter(c -> unmet(c, p.within()) != null).mapToDouble(cost).sum();
        if (p.choose() != null) {
            long have = p.from().stream().filter(c -> unmet(c, p.within()) == null).count();
            hours += p.from().stream().filter(c -> unmet(c, p.within()) != null && !p.allOf().contains(c))
                    .mapToDouble(cost).sorted().limit(Math.max(0, p.choose() - have)).sum();
        }
        return hours;
    }

    /** Whether the code counts as held for prerequisites (for planning: hypothetical additions included). */
    boolean satisfied(String code, Set<String> alsoHeld) {
        Microcredential m = catalog.microcredentials().get(code);
        if (m == null || m.prerequisites() == null) {
            return true;
        }
        var p = m.prerequisites();
        boolean all = p.allOf().stream().allMatch(c -> alsoHeld.contains(c) || unmet(c, p.within()) == null);
        long n = p.from().stream().filter(c -> alsoHeld.contains(c) || unmet(c, p.within()) == null).count();
        return all && (p.choose() == null || n >= p.choose());
    }

    /** Whether the learner already meets this one prerequisite (held, valid, recent enough; or eligible). */
    boolean met(String code, java.time.Period within) {
        return unmet(code, within) == null;
    }

    private String unmet(String code, java.time.Period within) {
        if (catalog.qualifications().containsKey(code)) {
            return eligible.contains(code) ? null : "needs the " + catalog.qualifications().get(code).title()
                    + " (" + code + ")";
        }
        Held h = valid.get(code);
        String title = catalog.microcredential(code).map(Microcredential::title).orElse(code);
        if (h == null) {
            return "needs " + code + " (" + title + ")";
        }
        if (within != null && h.getAwarded().plus(within).isBefore(asOf)) {
            return "needs " + code + " awarded within " + within + " (it was awarded " + h.getAwarded() + ")";
        }
        return null;
    }

    PrerequisiteSummary summary(List<Held> prospects) {
        List<Startable> available = new ArrayList<>();
        List<Blocked> blocked = new ArrayList<>();
        for (Held p : prospects) {
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
