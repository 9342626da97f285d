package dev.stampede.core.hold;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A granted hold. {@code fence} is a fencing token: strictly greater than the token of every earlier hold of any of
 * its seats, so a write carrying an older token can be refused by the store.
 */
public record SeatHold(
        String holdId, String showId, String holderId, List<String> seats, Instant expiresAt, long fence) {

    public SeatHold {
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        seats = List.copyOf(seats);
    }
}
