package org.pathwayengine.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * Which catalog credentials a "credits from ..." or "credentials from ..." requirement accepts.
 * Every listed condition must hold; within a list, any entry matches.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Filter(
        List<String> areas,
        Integer minLevel,
        Integer maxLevel,
        List<String> issuers,
        List<String> credentials,
        List<String> achievementTypes) {

    public Filter {
        areas = areas == null ? List.of() : List.copyOf(areas);
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        achievementTypes = achievementTypes == null ? List.of() : List.copyOf(achievementTypes);
    }

    public static final Filter ANY = new Filter(null, null, null, null, null, null);

    /** Whether a credential with these properties passes the filter. */
    public boolean accepts(String code, List<String> credentialAreas, int level, String issuer, String achievementType) {
        if (!credentials.isEmpty() && !credentials.contains(code)) {
            return false;
        }
        if (!areas.isEmpty() && credentialAreas.stream().noneMatch(areas::contains)) {
            return false;
        }
        if (minLevel != null && level < minLevel) {
            return false;
        }
        if (maxLevel != null && level > maxLevel) {
            return false;
        }
        if (!issuers.isEmpty() && !issuers.contains(issuer)) {
            return false;
        }
        return achievementTypes.isEmpty() || achievementTypes.contains(achievementType);
    }

    /** Whether it passes every condition but the level, which is then checked on converted or recognised credit. */
    public boolean acceptsIgnoringLevel(String code, List<String> credentialAreas, String issuer,
                                        String achievementType) {
        return new Filter(areas, null, null, issuers, credentials, achievementTypes)
                .accepts(code, credentialAreas, 0, issuer, achievementType);
    }

    /** Whether a level is within the filter's bounds. */
    public boolean acceptsLevel(int level) {
        return (minLevel == null || level >= minLevel) && (maxLevel == null || level <= maxLevel);
    }

    /** The filter in words, e.g. "at level 5 or above from practical use, issued by cardiff-met". */
    public String describe(java.util.function.Function<String, String> areaTitle) {
        List<String> parts = new ArrayList<>();
        if (minLevel != null && maxLevel != null) {
            parts.add(minLevel.equals(maxLevel) ? "at level " + minLevel : "at levels " + minLevel + " to " + maxLevel);
        } else if (minLevel != null) {
            parts.add("at level " + minLevel + " or above");
        } else if (maxLevel != null) {
            parts.add("at level " + maxLevel + " or below");
        }
        if (!areas.isEmpty()) {
            parts.add("from " + String.join(" or ", areas.stream().map(areaTitle).toList()));
        }
        if (!credentials.isEmpty()) {
            parts.add("from {" + String.join(", ", credentials) + "}");
        }
        if (!issuers.isEmpty()) {
            parts.add("issued by " + String.join(" or ", issuers));
        }
        if (!achievementTypes.isEmpty()) {
            parts.add("of type " + String.join(" or ", achievementTypes));
        }
        return String.join(" ", parts);
    }
}
