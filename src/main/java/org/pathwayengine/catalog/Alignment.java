package org.pathwayengine.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The workforce need a credential serves: an occupation or skill in a named framework (ESCO, O*NET, SFIA, ...),
 * as Open Badges 3.0 {@code Achievement.alignment} expresses it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alignment(String framework, String code, String name, String url) {
}
