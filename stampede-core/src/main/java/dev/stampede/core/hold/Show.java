package dev.stampede.core.hold;

import java.util.List;
import java.util.Objects;

/** A show: its seats, in seat-map order, and the strategy that holds them. */
public record Show(String id, String name, String strategy, List<Seat> seats) {

    public Show {
        Objects.requireNonNull(id, "id");
        seats = List.copyOf(seats);
    }

    public List<String> seatIds() {
        return seats.stream().map(Seat::id).toList();
    }
}
