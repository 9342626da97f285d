package dev.stampede.server.admission;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Whether this JVM's collector can keep admission control's {@code max-wait}. A write waits at most {@code max-wait}
 * plus the shedders' period only while the JVM runs: a stop-the-world pause stops the shedders with everything else,
 * so the bound a Java service keeps is {@code max-wait} plus its longest pause. In a flash sale on 2 cores
 * (docs/performance.md, "Stop 28: the collector and the wait bound"), G1's pauses of 100–400 ms let 83 of 270,000
 * waits run to 1.1–1.5 s for a 1 s {@code max-wait} (2 of 18 runs); ZGC, whose pauses do not grow with the heap or the
 * live set (below a millisecond: marking, relocation and reference processing run concurrently; JEP 333), kept every
 * wait of 18 runs within 1.1 s.
 */
public final class PauseCollectorCheck {

    private PauseCollectorCheck() {}

    /** The warning for this JVM's collectors, if they stop the world for as long as their live set takes. */
    public static Optional<String> warning(Duration maxWait) {
        return warning(collectorNames(), maxWait);
    }

    /**
     * The flag that selects this JVM's collector when it is a concurrent one ({@code -XX:+UseZGC} or {@code
     * -XX:+UseShenandoahGC}), for a child JVM that should keep the same bound; empty for the stop-the-world ones (a
     * child picks its own, as this JVM did).
     */
    public static Optional<String> concurrentCollectorFlag() {
        return concurrentCollectorFlag(collectorNames());
    }

    static Optional<String> concurrentCollectorFlag(List<String> collectorNames) {
        if (collectorNames.stream().anyMatch(name -> name.startsWith("ZGC"))) {
            return Optional.of("-XX:+UseZGC");
        }
        if (collectorNames.stream().anyMatch(name -> name.startsWith("Shenandoah"))) {
            return Optional.of("-XX:+UseShenandoahGC");
        }
        return Optional.empty();
    }

    private static List<String> collectorNames() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .toList();
    }

    /**
     * The warning for collectors named {@code collectorNames} (their {@link GarbageCollectorMXBean} names, e.g. {@code
     * "G1 Young Generation"}), or empty for ZGC and Shenandoah, which collect concurrently with pauses far below any
     * {@code maxWait} worth setting.
     */
    static Optional<String> warning(List<String> collectorNames, Duration maxWait) {
        if (concurrentCollectorFlag(collectorNames).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(
                "Admission control's max-wait (" + maxWait.toMillis() + " ms) holds only while the JVM runs: this"
                        + " JVM's collectors " + collectorNames + " stop the world for 100-400 ms in a storm on a small"
                        + " machine, and a waiting write is shed that much late. Start the service with -XX:+UseZGC"
                        + " to keep max-wait (docs/performance.md, \"Stop 28: the collector and the wait bound\").");
    }
}
