package dev.stampede.bench.report;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** One line about the machine a bench ran on, for every report. */
public final class Machine {

    private Machine() {}

    public static String describe() {
        long memory =
                ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                        ? os.getTotalMemorySize()
                        : 0;
        return String.format(
                Locale.ROOT,
                "%d cores, %.1f GiB RAM, %s %s, Java %s",
                Runtime.getRuntime().availableProcessors(),
                memory / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Runtime.version());
    }
}
