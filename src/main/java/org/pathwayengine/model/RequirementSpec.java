package org.pathwayengine.model;

import org.pathwayengine.catalog.Filter;

import java.util.List;

/**
 * One requirement exactly as a designer writes it in a pathway file; the loader's {@code PathwayResolver} turns it into a
 * {@link RequirementTree}. Exactly one of credential, qualification, group, allOf, choose/from, credits or count is
 * set.
 */
public record RequirementSpec(
        String id,
        String title,
        String description,
        String credential,
        String qualification,
        String group,
        List<RequirementSpec> allOf,
        Integer choose,
        List<RequirementSpec> from,
        Double credits,
        Integer count,
        Filter where,
        Double atMost,
        Boolean shareable,
        String framework,
        String recognisedBy,
        Double meanMark) {
}
