package org.pathwayengine.credit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A credit framework (CQFW, ECTS, US semester hours, ...): how many notional hours a credit is, and which level
 * scheme its levels are in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreditFramework(String code, String title, Double hoursPerCredit, Range hoursPerCreditRange,
                              String levels, String source) {

    /** An inclusive range, for frameworks that fix hours per credit only within bounds. */
    public record Range(double min, double max) {
    }
}
