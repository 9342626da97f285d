package dev.stampede.core.hold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeatAuditTest {

    @Test
    void aShowWhoseBookedSeatsHaveOneRowEachPasses() {
        SeatAudit audit = SeatAudit.of(
                "show",
                List.of(SeatStatus.FREE, SeatStatus.HELD, SeatStatus.BOOKED, SeatStatus.BOOKED),
                List.of("A1", "A2"));

        assertThat(audit).isEqualTo(new SeatAudit("show", 4, 1, 1, 2, 2, List.of()));
        assertThat(audit.passed()).isTrue();
    }

    @Test
    void aSeatBookedTwiceIsNamedOnceAndFailsTheAudit() {
        SeatAudit audit = SeatAudit.of("show", List.of(SeatStatus.BOOKED, SeatStatus.FREE), List.of("A1", "A1", "A1"));

        assertThat(audit.doubleBooked()).containsExactly("A1");
        assertThat(audit.passed()).isFalse();
    }

    @Test
    void aBookedSeatWithoutABookingRowFailsTheAudit() {
        SeatAudit audit = SeatAudit.of("show", List.of(SeatStatus.BOOKED), List.of());

        assertThat(audit.doubleBooked()).isEmpty();
        assertThat(audit.passed()).isFalse();
    }
}
