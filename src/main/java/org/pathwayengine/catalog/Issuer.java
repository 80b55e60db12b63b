package org.pathwayengine.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An awarding body: who issues credentials, from which country or region, and what kind of body it is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Issuer(String id, String name, String country, String type, String url) {
}
