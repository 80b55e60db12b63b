package org.pathwayengine.catalog;

import java.util.Locale;

/** Credits and hours as people write them: "10", not "10.0". The one place numbers are turned into words. */
public final class Numbers {

    private Numbers() {
    }

    /** A whole number without a decimal point, any other as Java writes it (7.5, 0.25). */
    public static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** A whole number without a decimal point, any other to one decimal (estimates: "about 12.3 hours"). */
    public static String rounded(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
