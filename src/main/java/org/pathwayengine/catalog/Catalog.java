package org.pathwayengine.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the ruleset knows about: competency areas, issuers, grade scales, microcredentials and qualifications,
 * by code.
 */
public record Catalog(
        Map<String, CompetencyArea> areas,
        Map<String, Issuer> issuers,
        Map<String, GradeScale> gradeScales,
        Map<String, Microcredential> microcredentials,
        Map<String, QualificationEntry> qualifications) {

    public Catalog {
        areas = Collections.unmodifiableMap(new LinkedHashMap<>(areas));
        gradeScales = Collections.unmodifiableMap(new LinkedHashMap<>(gradeScales));
        issuers = Collections.unmodifiableMap(new LinkedHashMap<>(issuers));
        microcredentials = Collections.unmodifiableMap(new LinkedHashMap<>(microcredentials));
        qualifications = Collections.unmodifiableMap(new LinkedHashMap<>(qualifications));
    }

    public Optional<Microcredential> microcredential(String code) {
        return Optional.ofNullable(microcredentials.get(code));
    }

    /** The scale a credential's grades are on, or null when the catalog gives it none. */
    public GradeScale scaleOf(Microcredential m) {
        return m.gradeScale() == null ? null : gradeScales.get(m.gradeScale());
    }

    /** The catalog credentials a requirement with this filter accepts, in catalog order. */
    public List<Microcredential> accepted(Filter filter) {
        return microcredentials.values().stream()
                .filter(m -> filter.accepts(m.code(), m.areas(), m.level(), m.issuer(), m.achievementType(),
                        scaleOf(m)))
                .toList();
    }

    public Optional<QualificationEntry> qualification(String code) {
        return Optional.ofNullable(qualifications.get(code));
    }
}
