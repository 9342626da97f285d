package dev.stampede.core.hold;

import java.util.Objects;

/** A seat of a show's seat map; {@code section} is null when the show has none. */
public record Seat(String id, String section, String row, int number) {

    public Seat {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(row, "row");
    }
}
