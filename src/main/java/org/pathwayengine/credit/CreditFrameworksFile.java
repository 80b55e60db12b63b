package org.pathwayengine.credit;

import java.util.List;
import java.util.Map;

/**
 * A credit frameworks file as written in {@code rules/}.
 */
public record CreditFrameworksFile(String kind, String owner, String source, List<CreditFramework> frameworks,
                                   List<Conversion> conversions, List<LevelScheme> levelSchemes,
                                   List<Map<String, Integer>> levelMap) {

    public CreditFrameworksFile {
        frameworks = frameworks == null ? List.of() : List.copyOf(frameworks);
        conversions = conversions == null ? List.of() : List.copyOf(conversions);
        levelSchemes = levelSchemes == null ? List.of() : List.copyOf(levelSchemes);
        levelMap = levelMap == null ? List.of() : List.copyOf(levelMap);
    }
}
