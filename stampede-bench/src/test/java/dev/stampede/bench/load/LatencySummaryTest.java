package dev.stampede.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesOfOneToTenThousandMillisecondsAreWhereTheyShouldBe() {
        Histogram micros = new Histogram(3);
        for (int ms = 1; ms <= 10_000; ms++) {
            micros.recordValue(ms * 1000L);
        }

        LatencySummary summary = LatencySummary.ofMicros(micros);

        assertThat(summary.minMs()).isCloseTo(1, within(0.01));
        assertThat(summary.medMs()).isCloseTo(5_000, within(5.0));
        assertThat(summary.p90Ms()).isCloseTo(9_000, within(9.0));
        assertThat(summary.p95Ms()).isCloseTo(9_500, within(9.5));
        assertThat(summary.p99Ms()).isCloseTo(9_900, within(9.9));
        assertThat(summary.maxMs()).isCloseTo(10_000, within(10.0));
        assertThat(summary.avgMs()).isCloseTo(5_000.5, within(5.0));
    }

    @Test
    void oneSlowRequestAmongFastOnesShowsOnlyInTheTail() {
        Histogram micros = new Histogram(3);
        for (int i = 0; i < 999; i++) {
            micros.recordValue(2_000);
        }
        micros.recordValue(3_000_000);

        LatencySummary summary = LatencySummary.ofMicros(micros);

        assertThat(summary.p99Ms()).isCloseTo(2, within(0.01));
        assertThat(summary.maxMs()).isCloseTo(3_000, within(3.0));
    }

    @Test
    void noRequestsGiveZeros() {
        assertThat(LatencySummary.ofMicros(new Histogram(3))).isEqualTo(LatencySummary.EMPTY);
    }
}
