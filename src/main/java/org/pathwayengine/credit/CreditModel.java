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

    public CreditModel(Map<String, CreditFramework> frameworks, List<Conversion> conversions,
                       List<Map<String, Integer>> levelMap) {
        this.frameworks = new LinkedHashMap<>(frameworks);
        this.conversions = List.copyOf(conversions);
        this.levelMap = List.copyOf(levelMap);
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
