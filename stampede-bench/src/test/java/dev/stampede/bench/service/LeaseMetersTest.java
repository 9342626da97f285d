package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.report.LeaseFigures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaseMetersTest {

    @Test
    void aRunsFiguresAreTheDifferenceOfTwoReadings() {
        Map<String, Long> before = Map.of(LeaseFigures.ACQUIRED, 10L, LeaseFigures.WAIT_MICROS, 5_000L);
        Map<String, Long> after = Map.of(
                LeaseFigures.ACQUIRED, 14L,
                LeaseFigures.WAIT_MICROS, 13_000L,
                LeaseFigures.TIMED_OUT, 3L,
                LeaseFigures.FENCED_REFUSED, 1L);

        Map<String, Long> run = CounterReadings.since(before, after);

        assertThat(run)
                .containsEntry(LeaseFigures.ACQUIRED, 4L)
                .containsEntry(LeaseFigures.WAIT_MICROS, 8_000L)
                .containsEntry(LeaseFigures.TIMED_OUT, 3L)
                .containsEntry(LeaseFigures.FENCED_REFUSED, 1L);
    }

    @Test
    void aScrapeWithoutLeaseSeriesStillCountsZeroLeasesAcquiredSoALeaseRunShowsItsFigures() {
        Map<String, Long> totals =
                LeaseMeters.parse("stampede_purchases_total{application=\"stampede\",strategy=\"lease\"} 3.0\n");

        assertThat(totals).containsOnly(Map.entry(LeaseFigures.ACQUIRED, 0L));
    }

    @Test
    void samplesAreSummedByOutcome() {
        Map<String, Long> totals = LeaseMeters.parse("""
                # HELP stampede_lease_acquire_wait_seconds Time spent taking a lease
                stampede_lease_acquire_wait_seconds_count{application="stampede",backend="redis",outcome="acquired"} 7
                stampede_lease_acquire_wait_seconds_sum{application="stampede",backend="redis",outcome="acquired"} 0.014
                stampede_lease_acquire_wait_seconds_count{application="stampede",backend="redis",outcome="timed_out"} 2
                stampede_lease_acquire_wait_seconds_count{application="stampede",backend="redis",outcome="unavailable"} 1
                stampede_lease_turn_timeouts_total{application="stampede",backend="redis"} 5.0
                stampede_lease_lost_total{application="stampede",backend="redis"} 4.0
                stampede_lease_fenced_refused_total{application="stampede",backend="redis"} 3.0
                stampede_purchases_total{application="stampede",outcome="purchased",strategy="lease"} 99.0
                """);

        assertThat(totals)
                .containsOnly(
                        Map.entry(LeaseFigures.TURN_TIMED_OUT, 5L),
                        Map.entry(LeaseFigures.ACQUIRED, 7L),
                        Map.entry(LeaseFigures.WAIT_MICROS, 14_000L),
                        Map.entry(LeaseFigures.TIMED_OUT, 2L),
                        Map.entry(LeaseFigures.UNAVAILABLE, 1L),
                        Map.entry(LeaseFigures.LOST, 4L),
                        Map.entry(LeaseFigures.FENCED_REFUSED, 3L));
    }
}
