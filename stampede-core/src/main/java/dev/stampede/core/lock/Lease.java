package dev.stampede.core.lock;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A lease on a named lock: who holds it, its fencing token and until when it is valid, with a signal raised once the
 * holder is known to have lost it.
 *
 * <p>The signal is raised by the backend: when a renewal or a release finds the lease gone, or, for backends that keep
 * leases alive by themselves, when keeping it alive fails. A holder that was paused may not have been told yet, which
 * is why writes are fenced by {@link #token()}.
 */
public final class Lease {

    private final String name;
    private final String owner;
    private final long token;
    private final Instant expiresAt;
    private final CompletableFuture<String> lost;

    public Lease(String name, String owner, long token, Instant expiresAt) {
        this(name, owner, token, expiresAt, new CompletableFuture<>());
    }

    private Lease(String name, String owner, long token, Instant expiresAt, CompletableFuture<String> lost) {
        if (token < 1) {
            throw new IllegalArgumentException("a fencing token is positive, was " + token);
        }
        this.name = name;
        this.owner = owner;
        this.token = token;
        this.expiresAt = expiresAt;
        this.lost = lost;
    }

    public String name() {
        return name;
    }

    public String owner() {
        return owner;
    }

    /** The fencing token: larger than the token of every earlier holder of this name. */
    public long token() {
        return token;
    }

    /** When the lease ends unless renewed, as the backend computed it at acquisition or the last renewal. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The same lease, renewed to {@code expiresAt}; it shares this lease's lost-lease signal. */
    public Lease renewedUntil(Instant expiresAt) {
        return new Lease(name, owner, token, expiresAt, lost);
    }

    /** Completes with the reason once the lease is known to be lost; never completes while it is held. */
    public CompletionStage<String> lost() {
        return lost.minimalCompletionStage();
    }

    public boolean isLost() {
        return lost.isDone();
    }

    /** Raises the lost-lease signal (the first reason wins); backends call this. */
    public void signalLost(String reason) {
        lost.complete(reason);
    }

    @Override
    public String toString() {
        return "Lease[" + name + " owner=" + owner + " token=" + token + " expiresAt=" + expiresAt + "]";
    }
}
