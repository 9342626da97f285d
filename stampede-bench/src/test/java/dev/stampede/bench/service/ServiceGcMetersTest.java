package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.report.GcPauseFigures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceGcMetersTest {

    @Test
    void everyCollectorsPausesAreSummedAndConcurrentPhasesLeftOut() {
        Map<String, Long> gc = ServiceGcMeters.parse("""
                # TYPE jvm_gc_pause_seconds summary
                jvm_gc_pause_seconds_count{action="end of minor GC",application="stampede",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 12
                jvm_gc_pause_seconds_sum{action="end of minor GC",application="stampede",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 1.25
                jvm_gc_pause_seconds_count{action="end of major GC",application="stampede",cause="G1 Compaction Pause",gc="G1 Old Generation"} 1
                jvm_gc_pause_seconds_sum{action="end of major GC",application="stampede",cause="G1 Compaction Pause",gc="G1 Old Generation"} 0.3
                jvm_gc_pause_seconds_max{action="end of minor GC",application="stampede",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 0.31
                jvm_gc_concurrent_phase_time_seconds_count{action="end of concurrent GC pause",application="stampede",cause="No GC",gc="G1 Concurrent GC"} 4
                jvm_gc_concurrent_phase_time_seconds_sum{action="end of concurrent GC pause",application="stampede",cause="No GC",gc="G1 Concurrent GC"} 9.0
                """);

        assertThat(gc)
                .containsOnly(Map.entry(GcPauseFigures.PAUSES, 13L), Map.entry(GcPauseFigures.PAUSED, 1_550_000L));
    }

    @Test
    void aScrapeWithoutThePauseTimerReadsNothing() {
        assertThat(ServiceGcMeters.parse("process_cpu_usage{application=\"stampede\"} 0.5\n"))
                .isEmpty();
    }
}
