package dev.stampede.core.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeatMapTest {

    @Test
    void rowsAreLetteredAndSeatsNumberedFromOne() {
        assertThat(SeatMap.of(2, 3, List.of()))
                .extracting(Seat::id)
                .containsExactly("A1", "A2", "A3", "B1", "B2", "B3");
    }

    @Test
    void sectionsPrefixTheirSeats() {
        List<Seat> seats = SeatMap.of(1, 2, List.of("stalls", "balcony"));

        assertThat(seats).extracting(Seat::id).containsExactly("stalls-A1", "stalls-A2", "balcony-A1", "balcony-A2");
        assertThat(seats.get(2)).isEqualTo(new Seat("balcony-A1", "balcony", "A", 1));
    }

    @Test
    void rowsBeyondZGoOnWithTwoLetters() {
        assertThat(SeatMap.rowLabel(25)).isEqualTo("Z");
        assertThat(SeatMap.rowLabel(26)).isEqualTo("AA");
        assertThat(SeatMap.rowLabel(27)).isEqualTo("AB");
        assertThat(SeatMap.rowLabel(52)).isEqualTo("BA");
    }

    @Test
    void repeatedSectionsAreRefused() {
        assertThatThrownBy(() -> SeatMap.of(1, 1, List.of("a", "a"))).hasMessageContaining("distinct");
    }
}
