package dev.stampede.core.hold;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The seats of a confirmed hold, booked for good. */
public record Booking(String holdId, String showId, String holderId, List<String> seats, long fence, Instant bookedAt) {

    public Booking {
        Objects.requireNonNull(holdId, "holdId");
        seats = List.copyOf(seats);
    }
}
