package dev.stampede.core.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.hold.HoldTimeline.Interval;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldTimelineTest {

    @Test
    void holdsOfOneSeatOneAfterAnotherDoNotOverlap() {
        HoldTimeline timeline = new HoldTimeline();
        timeline.record(new Interval("h1", "a", List.of("A1", "A2"), 0, 10));
        timeline.record(new Interval("h2", "b", List.of("A2"), 10, 20));
        timeline.record(new Interval("h3", "c", List.of("A1"), 12, 15));

        assertThat(timeline.overlaps()).isEmpty();
    }

    @Test
    void twoHoldersOfOneSeatAtOnceAreReported() {
        HoldTimeline timeline = new HoldTimeline();
        Interval first = new Interval("h1", "a", List.of("A1", "A2"), 0, 100);
        Interval short1 = new Interval("h2", "b", List.of("A3"), 5, 10);
        Interval second = new Interval("h3", "c", List.of("A2"), 50, 60);
        timeline.record(first);
        timeline.record(short1);
        timeline.record(second);

        assertThat(timeline.overlaps()).containsExactly(new HoldTimeline.Overlap("A2", first, second));
    }

    @Test
    void anOverlapBehindAShortHoldIsStillFound() {
        HoldTimeline timeline = new HoldTimeline();
        timeline.record(new Interval("long", "a", List.of("A1"), 0, 100));
        timeline.record(new Interval("short", "b", List.of("A1"), 10, 20));
        timeline.record(new Interval("late", "c", List.of("A1"), 30, 40));

        assertThat(timeline.overlaps()).hasSize(2);
    }

    @Test
    void anIntervalThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> new Interval("h", "a", List.of("A1"), 5, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHoldRequestNeedsOneToTenDistinctSeats() {
        assertThatThrownBy(() -> new HoldRequest("s", List.of(), "a", Duration.ofSeconds(1)))
                .hasMessageContaining("1 to 10");
        assertThatThrownBy(() -> new HoldRequest("s", List.of("A1", "A1"), "a", Duration.ofSeconds(1)))
                .hasMessageContaining("distinct");
        assertThat(new HoldRequest("s", List.of("B1", "A2"), "a", Duration.ofSeconds(1)).sortedSeats())
                .containsExactly("A2", "B1");
    }
}
