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
        List<String> achievementTypes,
        String minGrade,
        Double minMark) {

    public Filter {
        areas = areas == null ? List.of() : List.copyOf(areas);
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        achievementTypes = achievementTypes == null ? List.of() : List.copyOf(achievementTypes);
    }

    public static final Filter ANY = new Filter(null, null, null, null, null, null, null, null);

    /** A filter on the level alone. */
    public static Filter atLevel(int minLevel) {
        return new Filter(null, minLevel, null, null, null, null, null, null);
    }

    /**
     * Whether the filter says what the learning is about or who gave it (areas, issuers or named credentials), not
     * only how much or at what level: "10 credits at level 4 or above" accepts a whole catalog.
     */
    public boolean namesSubject() {
        return !areas.isEmpty() || !issuers.isEmpty() || !credentials.isEmpty();
    }

    /** Whether the filter asks for a grade or a mark, which only an awarded credential has. */
    public boolean gradeCondition() {
        return minGrade != null || minMark != null;
    }

    /**
     * Whether a credential with these properties passes the filter. A {@code minGrade} accepts only credentials
     * graded on a scale that has that grade; whether an awarded one reached it is the engine's to check.
     */
    public boolean accepts(String code, List<String> credentialAreas, int level, String issuer, String achievementType,
                           GradeScale scale) {
        return acceptsLevel(level) && acceptsIgnoringLevel(code, credentialAreas, issuer, achievementType, scale);
    }

    /**
     * Whether it passes every condition but the level, which is then checked on converted or recognised credit.
     * Drools asks this for every pair of credential and requirement it joins, so it allocates nothing.
     */
    public boolean acceptsIgnoringLevel(String code, List<String> credentialAreas, String issuer,
                                        String achievementType, GradeScale scale) {
        if (minGrade != null && (scale == null || scale.rank(minGrade) < 0)) {
            return false;
        }
        if (!credentials.isEmpty() && !credentials.contains(code)) {
            return false;
        }
        if (!areas.isEmpty() && !anyIn(credentialAreas, areas)) {
            return false;
        }
        if (!issuers.isEmpty() && !issuers.contains(issuer)) {
            return false;
        }
        return achievementTypes.isEmpty() || achievementTypes.contains(achievementType);
    }

    private static boolean anyIn(List<String> candidates, List<String> wanted) {
        for (int i = 0; i < candidates.size(); i++) {
            if (wanted.contains(candidates.get(i))) {
                return true;
            }
        }
        return false;
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
        if (minGrade != null) {
            parts.add("at grade " + minGrade + " or better");
        }
        if (minMark != null) {
            parts.add("with a mark of " + Numbers.plain(minMark) + " or more");
        }
        return String.join(" ", parts);
    }
}
