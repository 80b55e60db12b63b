package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Filter;
import org.pathwayengine.catalog.Microcredential;

/**
 * Estimates the notional hours a missing unit of a requirement costs, from the catalog itself: the cheapest
 * credential that would count, or the catalog's own hours per credit, so that no rate is hard-coded.
 */
final class Effort {

    /**
     * Used only when no catalog credential matches at all. It steers the allocator away from such a requirement
     * where an alternative exists; it is never shown (the answer names the requirement the catalog cannot meet).
     */
    private static final double UNREACHABLE = 1_000;

    private Effort() {
    }

    static double hoursPerCredential(Filter filter, Catalog catalog) {
        return catalog.accepted(filter).stream()
                .mapToDouble(Microcredential::hours)
                .min().orElse(UNREACHABLE);
    }

    static double hoursPerCredit(Filter filter, Catalog catalog) {
        double hours = 0;
        double credits = 0;
        for (Microcredential m : catalog.accepted(filter)) {
            if (m.credits() > 0) {
                hours += m.hours();
                credits += m.credits();
            }
        }
        return credits > 0 ? hours / credits : UNREACHABLE;
    }
}
