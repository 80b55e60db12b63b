package org.pathwayengine.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A larger qualification that microcredentials stack into (award, certificate, diploma, degree, ...).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualificationEntry(
        String code,
        String title,
        String type,
        Integer level,
        CreditValue credit,
        String awardingBody,
        String awardedBy,
        List<String> tags,
        Prerequisites prerequisites) {

    public QualificationEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
