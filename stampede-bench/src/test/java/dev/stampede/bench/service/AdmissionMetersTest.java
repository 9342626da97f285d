package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.report.AdmissionFigures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionMetersTest {

    private static final String SCRAPE = """
            # TYPE stampede_admission_sheds_total counter
            stampede_admission_sheds_total{application="stampede",partition="purchases"} 7.0
            stampede_admission_sheds_total{application="stampede",partition="transfers"} 1.0
            # TYPE stampede_admission_wait_seconds histogram
            stampede_admission_wait_seconds_bucket{application="stampede",outcome="admitted",partition="purchases",le="0.1"} 90.0
            stampede_admission_wait_seconds_bucket{application="stampede",outcome="admitted",partition="purchases",le="1.0"} 92.0
            stampede_admission_wait_seconds_bucket{application="stampede",outcome="admitted",partition="purchases",le="1.1"} 92.0
            stampede_admission_wait_seconds_bucket{application="stampede",outcome="admitted",partition="purchases",le="+Inf"} 92.0
            stampede_admission_wait_seconds_count{application="stampede",outcome="admitted",partition="purchases"} 92.0
            stampede_admission_wait_seconds_bucket{application="stampede",outcome="shed",partition="purchases",le="0.1"} 0.0
            stampede_admission_wait_seconds_bucket{application="stampede",outcome="shed",partition="purchases",le="1.0"} 2.0
            stampede_admission_wait_seconds_bucket{application="stampede",outcome="shed",partition="purchases",le="1.1"} 7.0
            stampede_admission_wait_seconds_bucket{application="stampede",outcome="shed",partition="purchases",le="+Inf"} 7.0
            stampede_admission_wait_seconds_count{application="stampede",outcome="shed",partition="purchases"} 7.0
            stampede_admission_wait_seconds_sum{application="stampede",outcome="shed",partition="purchases"} 7.2
            stampede_purchases_total{application="stampede",outcome="purchased",strategy="batched"} 99.0
            """;

    @Test
    void shedsWaitsAndEachFiniteBucketAreSummedOverPartitionsAndOutcomes() {
        assertThat(AdmissionMeters.parse(SCRAPE))
                .containsOnly(
                        Map.entry(AdmissionFigures.SHED, 8L),
                        Map.entry(AdmissionFigures.WAITS, 99L),
                        Map.entry(AdmissionFigures.within(100_000), 90L),
                        Map.entry(AdmissionFigures.within(1_000_000), 94L),
                        Map.entry(AdmissionFigures.within(1_100_000), 99L));
    }

    @Test
    void aScrapeWithoutAdmissionControlGivesNoCounterSoTheRunReportsNone() {
        assertThat(AdmissionMeters.parse("stampede_purchases_total{strategy=\"batched\"} 4.0\n"))
                .isEmpty();
    }
}
