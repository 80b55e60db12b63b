package org.pathwayengine.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the ruleset knows about: competency areas, issuers, microcredentials and qualifications, by code.
 */
public record Catalog(
        Map<String, CompetencyArea> areas,
        Map<String, Issuer> issuers,
        Map<String, Microcredential> microcredentials,
        Map<String, QualificationEntry> qualifications) {

    public Catalog {
        areas = Collections.unmodifiableMap(new LinkedHashMap<>(areas));
        issuers = Collections.unmodifiableMap(new LinkedHashMap<>(issuers));
        microcredentials = Collections.unmodifiableMap(new LinkedHashMap<>(microcredentials));
        qualifications = Collections.unmodifiableMap(new LinkedHashMap<>(qualifications));
    }

    public Optional<Microcredential> microcredential(String code) {
        return Optional.ofNullable(microcredentials.get(code));
    }

    /** The catalog credentials a requirement with this filter accepts, in catalog order. */
    public List<Microcredential> accepted(Filter filter) {
        return microcredentials.values().stream()
                .filter(m -> filter.accepts(m.code(), m.areas(), m.level(), m.issuer(), m.achievementType()))
                .toList();
    }

    public Optional<QualificationEntry> qualification(String code) {
        return Optional.ofNullable(qualifications.get(code));
    }
}
