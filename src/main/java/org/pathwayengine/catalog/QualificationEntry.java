package org.pathwayengine.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A larger qualification that microcredentials stack into (award, certificate, diploma, degree, ...).
 *
 * @param alignment where else it is described (a CTDL credential, a badge class), kept so exports name the same ids
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
        Prerequisites prerequisites,
        List<Alignment> alignment) {

    public QualificationEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
        alignment = alignment == null ? List.of() : List.copyOf(alignment);
    }
}
