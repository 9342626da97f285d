package dev.stampede.core.lock;

import dev.stampede.core.StoreUnavailableException;
import java.time.Duration;
import java.util.Optional;

/**
 * A named lock held for a limited time (a lease) by one owner at a time, across processes.
 *
 * <p>Every lease carries a fencing token that increases strictly, per name, from one holder to the next. A lease can be
 * lost without its holder noticing (a pause longer than its TTL, a partition), so a lease alone never makes a write
 * safe: the write must carry the token and the store must refuse a token older than the last one it accepted.
 *
 * <p>Implementations throw {@link StoreUnavailableException} when the lock service cannot be reached or cannot decide
 * (no quorum), and never answer as if the lock were taken or free when they do not know.
 */
public interface LeaseLock {

    /** The backend's name, for example {@code jdbc}. */
    String backend();

    /**
     * Takes the lease on {@code name} for {@code owner} for {@code ttl}, waiting up to {@code maxWait} while another
     * owner holds it.
     *
     * @return the lease, or empty if another owner still held it after {@code maxWait}
     * @throws StoreUnavailableException if the backend could not be reached or could not decide within
     *     {@code maxWait}
     */
    Optional<Lease> acquire(String name, String owner, Duration ttl, Duration maxWait);

    /**
     * Extends the lease to {@code ttl} from now if it is still held by its owner with its token.
     *
     * @return the extended lease (same token, same lost-lease signal), or empty if the lease had expired or was taken
     *     by another owner; the lease's lost-lease signal is raised then
     */
    Optional<Lease> renew(Lease lease, Duration ttl);

    /**
     * Gives the lease up, only if it is still held by the lease's owner with the lease's token.
     *
     * @return false, changing nothing, if it was not (another owner's lease is never released)
     */
    boolean release(Lease lease);
}
