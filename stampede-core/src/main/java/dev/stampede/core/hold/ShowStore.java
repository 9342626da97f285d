package dev.stampede.core.hold;

import java.util.List;
import java.util.Optional;

/**
 * Where shows and their seat maps are created and read back. A show's seats and strategy never change once created,
 * so a reader may keep a show it has read. Seat states are kept by the show's {@link HoldStrategy}, bookings by the
 * {@link BookingStore}.
 *
 * <p>Every method is one atomic step of the store. Each throws {@link dev.stampede.core.StoreUnavailableException} when
 * the store cannot be reached or refuses the work for a transient reason; nothing was changed then.
 */
public interface ShowStore {

    /**
     * Creates a show with all its {@code seats} free, in the given order (the order {@link #find} answers them in).
     *
     * @return false if the id is taken (nothing changed then): of concurrent creations of one id exactly one wins
     */
    boolean create(String id, String name, String strategy, List<Seat> seats);

    /** The show with its seats in seat-map order; empty if no show has this id. */
    Optional<Show> find(String id);

    /** The ids of the shows whose holds the named strategy keeps (none: an empty list). */
    List<String> idsUsing(String strategy);

    /**
     * The seat id of every booking row of the show, sorted: a seat booked twice (a broken invariant) appears twice.
     * What {@link SeatAudit} counts.
     */
    List<String> bookedSeatRows(String showId);
}
