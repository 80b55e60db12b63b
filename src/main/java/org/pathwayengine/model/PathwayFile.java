package org.pathwayengine.model;

import java.util.List;

/**
 * A pathway file: a ladder of qualifications (exit awards) and what each requires, and named requirement groups
 * that any qualification of the ruleset may use.
 */
public record PathwayFile(String kind, String id, String title, String description, String owner, String source,
                          List<GroupSpec> groups, List<AwardSpec> awards) {

    public PathwayFile {
        groups = groups == null ? List.of() : List.copyOf(groups);
        awards = awards == null ? List.of() : List.copyOf(awards);
    }

    /**
     * A requirement defined once under a name (a badge track two certificates both use) and used by
     * {@code group: id} wherever a requirement may stand.
     */
    public record GroupSpec(String id, String title, String description, RequirementSpec requires) {
    }
}
