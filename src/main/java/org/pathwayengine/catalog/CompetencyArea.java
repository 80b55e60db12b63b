package org.pathwayengine.catalog;

/**
 * A competency area that credentials develop, such as the five AI-literacy areas.
 */
public record CompetencyArea(String code, String title, String description) {
}
