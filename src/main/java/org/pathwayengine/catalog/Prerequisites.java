package org.pathwayengine.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/**
 * What must be held before starting a credential or qualification: all of some codes, N of others, optionally
 * each awarded within a period before the start.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Prerequisites(List<String> allOf, Integer choose, List<String> from, Period within) {

    public Prerequisites {
        allOf = allOf == null ? List.of() : List.copyOf(allOf);
        from = from == null ? List.of() : List.copyOf(from);
    }

    /** Every code named, for graph checks. */
    public List<String> codes() {
        List<String> out = new ArrayList<>(allOf);
        out.addAll(from);
        return out;
    }
}
