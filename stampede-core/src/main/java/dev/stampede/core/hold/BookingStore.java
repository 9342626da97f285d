package dev.stampede.core.hold;

import java.util.List;
import java.util.Optional;

/**
 * The durable record of bookings, shared by every hold strategy: one booking per seat, ever. For a strategy that keeps
 * its holds outside this store (Redis), it is where a hold becomes a booking, fenced: a seat carries the highest fence
 * token of any hold that tried to book it or was fenced out, and a write with an older token changes nothing.
 *
 * <p>Every method is one atomic step of the store. Each throws {@link dev.stampede.core.StoreUnavailableException} when
 * the store cannot be reached or refuses the work for a transient reason (nothing was written then), and its subclass
 * {@link dev.stampede.core.OutcomeUnknownException} when a write's commit was lost (it may have been applied: {@link
 * #fenceOut} then tells which).
 */
public interface BookingStore {

    /**
     * Books {@code booking.seats()} for a hold granted outside this store, fenced in the write: every seat must be free
     * here and carry an older fence than {@code booking.fence()}.
     *
     * @return the booking as written; empty (and nothing written) if any seat does not qualify
     * @throws dev.stampede.core.StoreUnavailableException when the store did not write the booking for any reason, a
     *     refusal that is not transient included (nothing was written: the caller's hold stays for a retry)
     */
    Optional<Booking> bookFenced(Booking booking);

    /**
     * Makes sure a hold granted outside this store can never be booked from now on, and says whether it was booked
     * before: raises the fence of each of its {@code seats} still free to {@code fence} (fences only grow), so a {@link
     * #bookFenced} of this hold still in flight finds no seat that qualifies; then reads the hold's booking. Both are
     * one atomic step that waits for a booking of these seats in flight, so the answer is final: a booking present now
     * is the hold's, and an absent one will never appear.
     */
    Optional<Booking> fenceOut(String showId, String holdId, List<String> seats, long fence);

    /** Every booking of the show, one per hold, each with its seats sorted. */
    List<Booking> ofShow(String showId);

    /** The highest fence any seat of the show carries (0 for none): a hold granted later must carry a higher one. */
    long highestFence(String showId);

    /** The booking made from this hold, if it was confirmed. */
    Optional<Booking> ofHold(String holdId);
}
