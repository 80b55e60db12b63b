package org.pathwayengine.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A larger qualification that microcredentials stack into (award, certificate, diploma, degree, ...).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Qualification(
        String code,
        String title,
        String type,
        Integer level,
        CreditValue credit,
        String awardingBody,
        String awardedBy,
        List<String> tags,
        Prerequisites prerequisites) {

    public Qualification {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
