package org.pathwayengine.facts;

import java.util.List;

/**
 * A qualification the evaluation considers, as a fact policy rules can match by code, type, level or tag.
 */
public final class Qualification {

    private final String code;
    private final String type;
    private final int level;
    private final List<String> tags;
    private final String pathway;

    public Qualification(String code, String type, int level, List<String> tags, String pathway) {
        this.code = code;
        this.type = type;
        this.level = level;
        this.tags = List.copyOf(tags);
        this.pathway = pathway;
    }

    public String getCode() {
        return code;
    }

    public String getType() {
        return type;
    }

    public int getLevel() {
        return level;
    }

    public List<String> getTags() {
        return tags;
    }

    public String getPathway() {
        return pathway;
    }

    @Override
    public String toString() {
        return "Qualification[" + code + "]";
    }
}
