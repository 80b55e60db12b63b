package org.pathwayengine.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The RFC 7240 {@code Prefer} preferences this API acts on: {@code respond-async} and {@code wait}. Preferences are
 * hints, so one the service does not know, or cannot read, is ignored rather than refused.
 *
 * @param respondAsync whether the caller would rather be answered 202 than wait
 * @param waitAsked    how long the caller is willing to wait, or null when it did not say (or said it unreadably)
 */
record Preferences(boolean respondAsync, Duration waitAsked) {

    static final Preferences NONE = new Preferences(false, null);

    static Preferences parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        boolean async = false;
        Duration wait = null;
        for (String preference : header.split(",")) {
            String[] parts = preference.split(";", 2)[0].split("=", 2);
            String token = parts[0].trim().toLowerCase(Locale.ROOT);
            String value = parts.length > 1 ? unquote(parts[1].trim()) : null;
            if (token.equals("respond-async")) {
                async = true;
            } else if (token.equals("wait") && value != null && value.matches("[0-9]{1,9}") && wait == null) {
                wait = Duration.ofSeconds(Long.parseLong(value));
            }
        }
        return new Preferences(async, wait);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** How long to wait, never longer than the service's own {@code most}. */
    Duration waitWithin(Duration most) {
        if (waitAsked != null) {
            return waitAsked.compareTo(most) < 0 ? waitAsked : most;
        }
        return respondAsync ? Duration.ZERO : most;
    }

    /** The {@code Preference-Applied} value for an answer, or null when none of the caller's was applied. */
    String applied(boolean answeredAsync, Duration most) {
        List<String> applied = new ArrayList<>();
        if (answeredAsync && respondAsync) {
            applied.add("respond-async");
        }
        if (waitAsked != null && waitAsked.compareTo(most) <= 0) {
            applied.add("wait=" + waitAsked.toSeconds());
        }
        return applied.isEmpty() ? null : String.join(", ", applied);
    }
}
