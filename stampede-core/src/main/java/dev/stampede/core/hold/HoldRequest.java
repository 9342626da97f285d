package dev.stampede.core.hold;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A request to hold {@code seatIds} (1 to {@value #MAX_SEATS} distinct seats) of a show for {@code ttl}, on behalf of
 * {@code holderId}.
 */
public record HoldRequest(String showId, List<String> seatIds, String holderId, Duration ttl) {

    public static final int MAX_SEATS = 10;

    public HoldRequest {
        Objects.requireNonNull(showId, "showId");
        Objects.requireNonNull(holderId, "holderId");
        Objects.requireNonNull(ttl, "ttl");
        seatIds = List.copyOf(seatIds);
        if (seatIds.isEmpty() || seatIds.size() > MAX_SEATS) {
            throw new IllegalArgumentException("a hold covers 1 to " + MAX_SEATS + " seats, not " + seatIds.size());
        }
        if (new HashSet<>(seatIds).size() != seatIds.size()) {
            throw new IllegalArgumentException("seats must be distinct: " + seatIds);
        }
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
    }

    /** The seats in seat-id order: the order in which every strategy that locks, locks. */
    public List<String> sortedSeats() {
        return seatIds.stream().sorted().toList();
    }
}
