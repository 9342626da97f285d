package dev.stampede.core.hold;

import java.util.List;
import java.util.Objects;

/** The answer to one {@link HoldRequest}. Exactly one of these; contention is never an exception. */
public sealed interface HoldResult {

    /** Every requested seat is held. */
    record Held(SeatHold hold) implements HoldResult {
        public Held {
            Objects.requireNonNull(hold, "hold");
        }
    }

    /** Some requested seats are held by someone else or booked: these ones. Nothing was changed. */
    record Taken(List<String> seatIds) implements HoldResult {
        public Taken {
            seatIds = List.copyOf(seatIds);
        }
    }

    /** The show has no seats with these ids. Nothing was changed. */
    record UnknownSeats(List<String> seatIds) implements HoldResult {
        public UnknownSeats {
            seatIds = List.copyOf(seatIds);
        }
    }

    /** No show has this id. */
    record UnknownShow(String showId) implements HoldResult {}

    /** A transient condition (lock timeout, store unreachable); nothing was changed, try again later. */
    record Busy(String reason) implements HoldResult {}
}
