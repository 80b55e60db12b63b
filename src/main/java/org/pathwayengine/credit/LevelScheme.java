package org.pathwayengine.credit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * A scheme of levels (SCQF 1 to 12, CQFW Entry and 1 to 8, EQF 1 to 8): the levels a credential or requirement in a
 * framework of this scheme may name, and what its levels are called where a number is not the name.
 *
 * @param names level names by number, e.g. 0: Entry
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LevelScheme(String code, String title, int min, int max, Map<Integer, String> names) {

    public LevelScheme {
        names = names == null ? Map.of() : Map.copyOf(names);
    }

    /** Whether a level is one of this scheme's. */
    public boolean has(int level) {
        return level >= min && level <= max;
    }

    /** The levels in words, e.g. "Entry (0) to 8". */
    public String describe() {
        String low = names.containsKey(min) ? names.get(min) + " (" + min + ")" : String.valueOf(min);
        return low + " to " + max;
    }
}
