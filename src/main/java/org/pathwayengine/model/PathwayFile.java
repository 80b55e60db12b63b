package org.pathwayengine.model;

import java.util.List;

/**
 * A pathway file: a ladder of qualifications (exit awards) and what each requires.
 */
public record PathwayFile(String kind, String id, String title, String description, String owner, String source,
                          List<AwardSpec> awards) {

    public PathwayFile {
        awards = awards == null ? List.of() : List.copyOf(awards);
    }
}
