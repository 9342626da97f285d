package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.report.AdaptiveSwitchFigures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdaptiveSwitchMetersTest {

    @Test
    void theSwitchesOfAScrapeAreReadByDirectionAndNothingElse() {
        Map<String, Long> switches = AdaptiveSwitchMeters.parse("""
                # HELP stampede_adaptive_switches_total SKUs the adaptive strategy switched
                # TYPE stampede_adaptive_switches_total counter
                stampede_adaptive_switches_total{application="stampede",direction="escalate"} 3.0
                stampede_adaptive_switches_total{application="stampede",direction="step_down"} 2.0
                stampede_purchases_total{application="stampede",outcome="purchased",strategy="adaptive"} 99.0
                """);

        assertThat(switches)
                .containsOnly(
                        Map.entry(AdaptiveSwitchFigures.ESCALATED, 3L),
                        Map.entry(AdaptiveSwitchFigures.STEPPED_DOWN, 2L));
    }

    @Test
    void aScrapeWithoutSwitchesCountsZeroInBothDirections() {
        assertThat(AdaptiveSwitchMeters.parse("stampede_purchases_total{strategy=\"adaptive\"} 4.0\n"))
                .containsOnly(
                        Map.entry(AdaptiveSwitchFigures.ESCALATED, 0L),
                        Map.entry(AdaptiveSwitchFigures.STEPPED_DOWN, 0L));
    }

    @Test
    void aRunsSwitchesAreTheDifferenceOfTwoReadings() {
        Map<String, Long> run = CounterReadings.since(
                Map.of(AdaptiveSwitchFigures.ESCALATED, 3L, AdaptiveSwitchFigures.STEPPED_DOWN, 2L),
                Map.of(AdaptiveSwitchFigures.ESCALATED, 5L, AdaptiveSwitchFigures.STEPPED_DOWN, 2L));

        assertThat(run)
                .containsOnly(
                        Map.entry(AdaptiveSwitchFigures.ESCALATED, 2L),
                        Map.entry(AdaptiveSwitchFigures.STEPPED_DOWN, 0L));
    }
}
