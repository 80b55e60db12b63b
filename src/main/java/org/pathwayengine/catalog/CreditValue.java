package org.pathwayengine.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An amount of credit in a named framework (CQFW, ECTS, ...), at a level of that framework when it has levels.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreditValue(String framework, double credits, Integer level) {
}
