package org.pathwayengine.credit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;

/**
 * A conversion between two credit frameworks: credits in {@code to} = credits in {@code from} x factor, citing its
 * source and the dates it applies, so that no rate is a literal in code.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Conversion(String id, String from, String to, double factor, String source, LocalDate effectiveFrom,
                         LocalDate effectiveTo) {

    public boolean appliesOn(LocalDate day) {
        return !day.isBefore(effectiveFrom) && (effectiveTo == null || !day.isAfter(effectiveTo));
    }
}
