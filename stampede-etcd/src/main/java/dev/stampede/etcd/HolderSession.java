package dev.stampede.etcd;

import dev.stampede.core.lock.Lease;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One etcd lease that every lock this process holds with one TTL is bound to, granted once and kept alive for as long
 * as it lasts (etcd's own {@code concurrency.Session}): a lock's key is put with the session's lease and deleted on
 * release, so a lock cycle costs etcd two writes instead of four (no grant, no revoke per lock).
 *
 * <p>The locks of a session live and die together: when the lease is lost (etcd says it no longer has it, no keep-alive
 * was answered for a whole TTL, or the holder stopped keeping it alive) every lock held through it is told, as its
 * keys are gone; the next acquirer grants a new session.
 */
final class HolderSession {

    private final long ttlSeconds;
    private final KeptAlive kept;
    private final ConcurrentMap<Long, Lease> heldByToken = new ConcurrentHashMap<>();

    HolderSession(long ttlSeconds, KeptAlive kept) {
        this.ttlSeconds = ttlSeconds;
        this.kept = kept;
        kept.lost().thenAccept(reason -> heldByToken.values().forEach(lease -> lease.signalLost(reason)));
    }

    /** The TTL granted for, in whole seconds as asked (etcd may raise it). */
    long ttlSeconds() {
        return ttlSeconds;
    }

    long leaseId() {
        return kept.leaseId();
    }

    /** Until when the session's lease lasts at least, as of etcd's latest answer. */
    Instant confirmedUntil() {
        return kept.confirmedUntil();
    }

    /** Completes with the reason once the session's lease is known to be lost. */
    CompletableFuture<String> lost() {
        return kept.lost();
    }

    boolean isLost() {
        return kept.lost().isDone();
    }

    /** Tells {@code lease} when the session is lost (at once if it already is). */
    void hold(Lease lease) {
        heldByToken.put(lease.token(), lease);
        if (isLost()) {
            lease.signalLost(kept.lost().join());
        }
    }

    /** Stops telling the lease of {@code token}: it was released or found gone. */
    void letGo(long token) {
        heldByToken.remove(token);
    }

    /** Stops keeping the lease alive, as a paused holder would: etcd expires it, and every lock of it, after the TTL. */
    void stopKeepingAlive() {
        kept.stop();
    }

    /** Stops keeping the lease alive and tells every lock held through it that it is lost. */
    void lose(String reason) {
        kept.lose(reason);
    }
}
