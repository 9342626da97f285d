package dev.stampede.core.hold;

import java.util.Objects;

/** The answer to a confirmation. Exactly one of these. */
public sealed interface ConfirmResult {

    /** The hold's seats are booked ({@code replayed}: they had been booked by an earlier confirmation of it). */
    record Booked(Booking booking, boolean replayed) implements ConfirmResult {
        public Booked {
            Objects.requireNonNull(booking, "booking");
        }
    }

    /** The hold expired before it was confirmed; nothing was booked. */
    record Expired(String holdId) implements ConfirmResult {}

    /** The fence token presented is not the hold's current one; nothing was booked. */
    record StaleFence(long presented, long current) implements ConfirmResult {}

    /** No hold has this id, or it was released. */
    record NoSuchHold(String holdId) implements ConfirmResult {}

    /** The hold belongs to someone else; nothing was booked. */
    record NotHolder(String holdId) implements ConfirmResult {}

    /** A transient condition; nothing was booked, try again later. */
    record Busy(String reason) implements ConfirmResult {}
}
