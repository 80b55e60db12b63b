package org.pathwayengine.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the ruleset knows about: competency areas, issuers, grade scales, microcredentials and qualifications,
 * by code.
 */
public final class Catalog {

    /** More distinct filters than a ruleset's pathways hold: beyond it, {@link #accepted} stops remembering. */
    private static final int MAX_REMEMBERED_FILTERS = 10_000;

    private final Map<String, CompetencyArea> areas;
    private final Map<String, Issuer> issuers;
    private final Map<String, GradeScale> gradeScales;
    private final Map<String, Microcredential> microcredentials;
    private final Map<String, QualificationEntry> qualifications;
    /**
     * What each filter accepts, worked out once per catalog: the catalog never changes, and evaluations ask the
     * same few filters (one per requirement) again and again, each a scan of the whole catalog.
     */
    private final Map<Filter, List<Microcredential>> accepted = new ConcurrentHashMap<>();

    public Catalog(Map<String, CompetencyArea> areas, Map<String, Issuer> issuers,
                   Map<String, GradeScale> gradeScales, Map<String, Microcredential> microcredentials,
                   Map<String, QualificationEntry> qualifications) {
        this.areas = Collections.unmodifiableMap(new LinkedHashMap<>(areas));
        this.gradeScales = Collections.unmodifiableMap(new LinkedHashMap<>(gradeScales));
        this.issuers = Collections.unmodifiableMap(new LinkedHashMap<>(issuers));
        this.microcredentials = Collections.unmodifiableMap(new LinkedHashMap<>(microcredentials));
        this.qualifications = Collections.unmodifiableMap(new LinkedHashMap<>(qualifications));
    }

    public Map<String, CompetencyArea> areas() {
        return areas;
    }

    public Map<String, Issuer> issuers() {
        return issuers;
    }

    public Map<String, GradeScale> gradeScales() {
        return gradeScales;
    }

    public Map<String, Microcredential> microcredentials() {
        return microcredentials;
    }

    public Map<String, QualificationEntry> qualifications() {
        return qualifications;
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
        List<Microcredential> known = accepted.get(filter);
        if (known != null) {
            return known;
        }
        List<Microcredential> found = microcredentials.values().stream()
                .filter(m -> filter.accepts(m.code(), m.areas(), m.level(), m.issuer(), m.achievementType(),
                        scaleOf(m)))
                .toList();
        if (accepted.size() < MAX_REMEMBERED_FILTERS) {
            accepted.putIfAbsent(filter, found);
        }
        return found;
    }

    public Optional<QualificationEntry> qualification(String code) {
        return Optional.ofNullable(qualifications.get(code));
    }
}
