package dev.stampede.core.hold;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A concurrency-control mechanism that holds seats of a show for a while and turns holds into bookings.
 *
 * <p>Implementations must never let two holds that have not expired cover the same seat, and must never book a seat
 * twice. A hold is all-or-nothing: either every requested seat is held, or nothing changed. Expiry is decided in the
 * conditional write itself, against the injected clock: an expired hold never blocks anyone, whether or not {@link
 * #sweepExpired()} has run. Contention is answered with a result ({@link HoldResult.Taken}, {@link HoldResult.Busy}),
 * never an exception; an exception means a bug or an unexpected fault.
 *
 * <p>Whoever holds releases: {@link #release} only succeeds for the hold's own holder. A hold that is neither released
 * nor confirmed is freed by expiry.
 */
public interface HoldStrategy {

    /** The name clients use to choose this strategy, for example {@code conditional}. */
    String name();

    HoldResult hold(HoldRequest request);

    /** Frees the seats of an active hold, only when {@code holderId} is its holder. */
    ReleaseResult release(String holdId, String holderId);

    /**
     * Moves the expiry of an active hold to {@code ttl} from now, only for its holder and only while it has not
     * expired; the check and the move are one atomic step, so a hold that expired meanwhile is never revived.
     */
    ExtendResult extend(String holdId, String holderId, Duration ttl);

    /**
     * Books the seats of an active hold, only for its holder presenting its fence token. Confirming a booked hold
     * again answers the same booking, marked replayed.
     */
    ConfirmResult confirm(String holdId, String holderId, long fence);

    /** The status of each of {@code seatIds} (the seats of {@code showId}) now. */
    Map<String, SeatStatus> statuses(String showId, List<String> seatIds);

    /** Frees the seats of holds that have expired and returns how many holds that was; correctness never needs it. */
    int sweepExpired();

    /** How many holds are active (granted, not released, confirmed or expired) now. */
    long activeHolds();
}
