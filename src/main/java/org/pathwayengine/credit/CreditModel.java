package org.pathwayengine.credit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credit frameworks of a ruleset, with their conversions and level correspondences: converts an amount of
 * credit into another framework on a given day, naming the conversion used.
 */
public final class CreditModel {

    /** An amount converted into another framework, with the conversion that did it (null when none was needed). */
    public record Converted(double credits, String framework, Conversion conversion) {
    }

    private final Map<String, CreditFramework> frameworks;
    private final List<Conversion> conversions;
    private final List<Map<String, Integer>> levelMap;
    private final Map<String, LevelScheme> levelSchemes;

    public CreditModel(Map<String, CreditFramework> frameworks, List<Conversion> conversions,
                       List<Map<String, Integer>> levelMap) {
        this(frameworks, conversions, Map.of(), levelMap);
    }

    public CreditModel(Map<String, CreditFramework> frameworks, List<Conversion> conversions,
                       Map<String, LevelScheme> levelSchemes, List<Map<String, Integer>> levelMap) {
        this.frameworks = new LinkedHashMap<>(frameworks);
        this.conversions = List.copyOf(conversions);
        this.levelSchemes = new LinkedHashMap<>(levelSchemes);
        this.levelMap = List.copyOf(levelMap);
    }

    /** The declared level schemes by code: the levels each may name. */
    public Map<String, LevelScheme> levelSchemes() {
        return levelSchemes;
    }

    /** The declared level scheme a framework's levels are in, or null when none is declared. */
    public LevelScheme levelSchemeOf(String framework) {
        return framework == null ? null : levelSchemes.get(scheme(framework));
    }

    /**
     * A credential's level (in its framework's scheme) read in every scheme the level map reaches: the key is the
     * scheme, the value the corresponding level (the lowest where several correspond).
     */
    public Map<String, Integer> levelsIn(int level, String framework) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (framework == null) {
            return out;
        }
        String own = scheme(framework);
        out.put(own, level);
        for (String other : schemes()) {
            if (!other.equals(own)) {
                levelMap.stream()
                        .filter(row -> Integer.valueOf(level).equals(row.get(own)) && row.containsKey(other))
                        .map(row -> row.get(other)).min(Integer::compare).ifPresent(l -> out.put(other, l));
            }
        }
        return out;
    }

    /** The level scheme a framework's levels are in (its own code when it names none). */
    public String schemeOf(String framework) {
        return scheme(framework);
    }

    public Map<String, CreditFramework> frameworks() {
        return frameworks;
    }

    public List<Conversion> conversions() {
        return conversions;
    }

    /** Whether any framework is declared; without a frameworks file credit is used as written, unconverted. */
    public boolean declared() {
        return !frameworks.isEmpty();
    }

    /** The credits in the target framework on that day, or empty when no conversion applies. */
    public Optional<Converted> convert(double credits, String from, String to, LocalDate on) {
        if (from.equals(to)) {
            return Optional.of(new Converted(credits, to, null));
        }
        return conversions.stream()
                .filter(c -> c.from().equals(from) && c.to().equals(to) && c.appliesOn(on))
                .findFirst()
                .map(c -> new Converted(credits * c.factor(), to, c));
    }

    /**
     * A level of one framework in another's level scheme, through the level map; empty when the map has no row.
     * Where several levels correspond (EQF 5 covers CQFW 4 and 5) the lowest is taken, so nothing is over-credited.
     */
    public Optional<Integer> mapLevel(int level, String fromFramework, String toFramework) {
        String fromScheme = scheme(fromFramework);
        String toScheme = scheme(toFramework);
        if (fromScheme.equals(toScheme)) {
            return Optional.of(level);
        }
        return levelMap.stream()
                .filter(row -> Integer.valueOf(level).equals(row.get(fromScheme)) && row.containsKey(toScheme))
                .map(row -> row.get(toScheme))
                .min(Integer::compare);
    }

    private String scheme(String framework) {
        CreditFramework f = frameworks.get(framework);
        return f == null || f.levels() == null ? framework : f.levels();
    }

    /** Level schemes named in the level map, for validation. */
    public List<String> schemes() {
        List<String> out = new ArrayList<>();
        levelMap.forEach(row -> row.keySet().stream().filter(k -> !out.contains(k)).forEach(out::add));
        return out;
    }
}
