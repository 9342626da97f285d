package dev.stampede.bench.report;

import java.util.Locale;

/** Formats milliseconds the way k6 does: 512µs, 67.29ms, 23.34s, 1m2.5s. */
public final class Durations {

    private Durations() {}

    public static String ms(double millis) {
        if (millis < 1) {
            return String.format(Locale.ROOT, "%.0fµs", millis * 1000);
        }
        if (millis < 1000) {
            return String.format(Locale.ROOT, "%.2fms", millis);
        }
        double seconds = millis / 1000;
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.2fs", seconds);
        }
        return String.format(Locale.ROOT, "%dm%.1fs", (long) (seconds / 60), seconds % 60);
    }
}
