package dev.stampede.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PauseCollectorCheckTest {

    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    @Test
    void stopTheWorldCollectorsAreWarnedAboutWithTheRemedy() {
        for (List<String> names : List.of(
                List.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation"),
                List.of("PS Scavenge", "PS MarkSweep"),
                List.of("Copy", "MarkSweepCompact"))) {
            assertThat(PauseCollectorCheck.warning(names, MAX_WAIT))
                    .hasValueSatisfying(
                            warning -> assertThat(warning).contains("1000 ms", names.getFirst(), "-XX:+UseZGC"));
        }
    }

    @Test
    void aChildJvmIsGivenTheConcurrentCollectorOfThisOne() {
        assertThat(PauseCollectorCheck.concurrentCollectorFlag(List.of("ZGC Minor Cycles", "ZGC Major Pauses")))
                .contains("-XX:+UseZGC");
        assertThat(PauseCollectorCheck.concurrentCollectorFlag(List.of("Shenandoah Pauses", "Shenandoah Cycles")))
                .contains("-XX:+UseShenandoahGC");
        assertThat(PauseCollectorCheck.concurrentCollectorFlag(List.of("G1 Young Generation", "G1 Old Generation")))
                .isEmpty();
    }

    @Test
    void concurrentCollectorsKeepMaxWait() {
        assertThat(PauseCollectorCheck.warning(
                        List.of("ZGC Minor Cycles", "ZGC Minor Pauses", "ZGC Major Cycles", "ZGC Major Pauses"),
                        MAX_WAIT))
                .isEmpty();
        assertThat(PauseCollectorCheck.warning(List.of("Shenandoah Pauses", "Shenandoah Cycles"), MAX_WAIT))
                .isEmpty();
    }

    @Test
    void readsThisJvmsCollectors() {
        boolean concurrent = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(bean ->
                        bean.getName().startsWith("ZGC") || bean.getName().startsWith("Shenandoah"));
        assertThat(PauseCollectorCheck.warning(MAX_WAIT).isEmpty()).isEqualTo(concurrent);
    }
}
