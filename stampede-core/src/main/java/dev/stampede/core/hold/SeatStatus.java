package dev.stampede.core.hold;

import java.util.Locale;

/** What a seat is now. A seat whose hold has expired is free, whether or not the hold was swept. */
public enum SeatStatus {
    FREE,
    HELD,
    BOOKED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
