package dev.stampede.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.hold.Booking;
import dev.stampede.core.hold.BookingStore;
import dev.stampede.core.hold.Seat;
import dev.stampede.core.hold.SeatMap;
import dev.stampede.core.hold.ShowStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BookingStore} (with the {@link ShowStore} whose seats it books) must do: a seat is booked once,
 * ever; a fenced booking is all-or-nothing and refused when any seat carries a newer fence; a hold fenced out can never
 * be booked afterwards, and fencing out a booked hold answers its booking. An implementation's test supplies both
 * stores on one database.
 */
public abstract class BookingStoreContract {

    /** The strategy the contract's shows name: one no service runs, so no strategy reads them. */
    private static final String STRATEGY = "contract";

    private static final Instant BOOKED_AT = Instant.parse("2026-11-30T10:00:00Z");

    protected abstract ShowStore shows();

    protected abstract BookingStore bookings();

    @Test
    void aShowIsCreatedOnceAndReadBackWithItsSeatsInOrder() {
        String id = "show-" + UUID.randomUUID();
        List<Seat> seats = SeatMap.of(2, 3, List.of());

        assertThat(shows().create(id, "first", STRATEGY, seats)).isTrue();
        assertThat(shows().create(id, "second", STRATEGY, SeatMap.of(1, 1, List.of())))
                .isFalse();

        var show = shows().find(id).orElseThrow();
        assertThat(show.name()).isEqualTo("first");
        assertThat(show.seats()).isEqualTo(seats);
        assertThat(shows().idsUsing(STRATEGY)).contains(id);
        assertThat(shows().find("show-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void aFencedBookingOfFreeSeatsIsWrittenAndFoundByHoldAndByShow() {
        NewShow show = newShow(3);
        Booking booking = show.booking(5, 0, 1);

        assertThat(bookings().bookFenced(booking)).contains(booking);

        assertThat(bookings().ofHold(booking.holdId())).contains(booking);
        assertThat(bookings().ofShow(show.id())).containsExactly(booking);
        assertThat(bookings().highestFence(show.id())).isEqualTo(5);
        assertThat(shows().bookedSeatRows(show.id())).containsExactlyElementsOf(booking.seats());
    }

    @Test
    void aSeatBookedOnceIsNeverBookedByAnotherHoldAndNothingOfThatHoldIsWritten() {
        NewShow show = newShow(3);
        Booking first = show.booking(5, 0);
        Booking second = show.booking(6, 0, 1);
        bookings().bookFenced(first);

        assertThat(bookings().bookFenced(second)).isEmpty();

        assertThat(bookings().ofHold(second.holdId())).isEmpty();
        assertThat(shows().bookedSeatRows(show.id())).containsExactlyElementsOf(first.seats());
    }

    @Test
    void aBookingCarryingAnOlderFenceThanItsSeatIsRefused() {
        NewShow show = newShow(1);
        bookings().fenceOut(show.id(), "other-hold", show.seats(), 7);

        assertThat(bookings().bookFenced(show.booking(6, 0))).isEmpty();
        assertThat(bookings().bookFenced(show.booking(7, 0))).isEmpty();
        Booking newer = show.booking(8, 0);
        assertThat(bookings().bookFenced(newer)).contains(newer);
    }

    @Test
    void aHoldFencedOutBeforeItsBookingCanNeverBeBooked() {
        NewShow show = newShow(2);
        Booking late = show.booking(5, 0, 1);

        assertThat(bookings().fenceOut(show.id(), late.holdId(), late.seats(), late.fence()))
                .isEmpty();

        assertThat(bookings().bookFenced(late)).isEmpty();
        assertThat(bookings().highestFence(show.id())).isEqualTo(5);
        assertThat(bookings().ofShow(show.id())).isEmpty();
    }

    @Test
    void fencingOutABookedHoldAnswersItsBooking() {
        NewShow show = newShow(2);
        Booking booked = show.booking(5, 1);
        bookings().bookFenced(booked);

        assertThat(bookings().fenceOut(show.id(), booked.holdId(), booked.seats(), booked.fence()))
                .contains(booked);
    }

    @Test
    void aShowWithoutBookingsHasNoFenceYet() {
        NewShow show = newShow(2);

        assertThat(bookings().highestFence(show.id())).isZero();
        assertThat(bookings().ofShow(show.id())).isEmpty();
        assertThat(shows().bookedSeatRows(show.id())).isEmpty();
    }

    private NewShow newShow(int seats) {
        String id = "show-" + UUID.randomUUID();
        shows().create(id, "test show", STRATEGY, SeatMap.of(1, seats, List.of()));
        return new NewShow(id, shows().find(id).orElseThrow().seatIds());
    }

    /** A show just created, with its seat ids in seat-map order. */
    private record NewShow(String id, List<String> seats) {

        /** A booking by a new hold of the seats at these positions, its seats sorted as the store answers them. */
        Booking booking(long fence, int... positions) {
            List<String> booked =
                    IntStream.of(positions).mapToObj(seats::get).sorted().toList();
            return new Booking("hold-" + UUID.randomUUID(), id, "holder", booked, fence, BOOKED_AT);
        }
    }
}
