package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.report.Timeline;
import dev.stampede.bench.scenario.BlockedStock.Held;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stock-blocked-over-time timeline of the checkout bench, computed from the checkouts' own timestamps. */
class BlockedStockTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(long millis) {
        return START.plusMillis(millis);
    }

    @Test
    void eachSampleAddsTheUnitsOfTheCheckoutsBegunAndNotYetFinalAtItsInstant() {
        Timeline timeline = BlockedStock.timeline(
                List.of(
                        new Held(at(0), at(250), 1), // blocked at 0, 100, 200
                        new Held(at(50), at(300), 2), // at 100, 200
                        new Held(at(120), null, 4), // never final: to the end
                        new Held(at(-500), at(100), 8)), // begun before the start: at 0 only
                START,
                at(400));

        assertThat(timeline.stepMillis()).isEqualTo(100);
        assertThat(timeline.values()).containsExactly(9L, 3L, 7L, 4L, 4L);
        assertThat(timeline.peak()).isEqualTo(9);
        assertThat(timeline.lastNonZeroMillis()).isEqualTo(400);
    }

    @Test
    void theStockIsSettledAfterTheLastSampleWithUnitsBlocked() {
        Timeline timeline = BlockedStock.timeline(List.of(new Held(at(0), at(1_050), 3)), START, at(3_000));

        assertThat(timeline.lastNonZeroMillis()).isEqualTo(1_000);
        assertThat(timeline.values().subList(11, timeline.values().size())).containsOnly(0L);
    }

    @Test
    void aLongRunHasAtMostSixHundredSamplesWithALongerStep() {
        Timeline timeline = BlockedStock.timeline(
                List.of(new Held(at(0), at(Duration.ofMinutes(2).toMillis()), 1)),
                START,
                START.plus(Duration.ofMinutes(5)));

        assertThat(timeline.values()).hasSizeLessThanOrEqualTo(BlockedStock.MAX_SAMPLES + 1);
        assertThat(timeline.stepMillis()).isEqualTo(500);
        assertThat(timeline.lastNonZeroMillis()).isEqualTo(Duration.ofMinutes(2).toMillis() - 500);
    }

    @Test
    void noCheckoutIsANilTimeline() {
        Timeline timeline = BlockedStock.timeline(List.of(), START, at(250));

        assertThat(timeline.values()).containsExactly(0L, 0L, 0L, 0L);
        assertThat(timeline.peak()).isZero();
    }

    @Test
    void aCheckoutFinalAfterTheLastFullStepIsNotCountedInTheLastSample() {
        Timeline timeline = BlockedStock.timeline(List.of(new Held(at(0), at(230), 2)), START, at(250));

        assertThat(timeline.values()).containsExactly(2L, 2L, 2L, 0L);
        assertThat(timeline.lastNonZeroMillis()).isEqualTo(200);
    }
}
