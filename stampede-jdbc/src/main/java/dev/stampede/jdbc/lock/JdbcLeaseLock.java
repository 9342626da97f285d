package dev.stampede.jdbc.lock;

import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.PollingLeaseLock;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Leases in the {@code lease_locks} table (PostgreSQL): one row per name holding the owner, the expiry and the last
 * token. Taking a lease is one upsert that succeeds only if the row is free or expired and increments the token in the
 * same row, so the token increases strictly per name. Renew and release are updates conditional on owner and token.
 *
 * <p>Expiry is read from the injected clock; processes sharing the table must have clocks in step to well within a
 * TTL. The fenced write is what keeps a holder with a wrong clock or a long pause from doing harm.
 */
public final class JdbcLeaseLock extends PollingLeaseLock {

    /** The lease's row is still held, unexpired, by its owner and token (parameters: name, owner, token, now). */
    private static final String STILL_HELD = " WHERE name = ? AND owner = ? AND token = ? AND expires_at > ?";

    private final Transactions transactions;
    private final Clock clock;

    public JdbcLeaseLock(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public String backend() {
        return "jdbc";
    }

    @Override
    protected Optional<Lease> tryAcquire(String name, String owner, Duration ttl) {
        Instant now = now();
        Instant expiresAt = now.plus(ttl);
        return transactions.required(connection -> Sql.on(connection)
                .queryFirst(
                        """
                        INSERT INTO lease_locks AS l (name, owner, token, expires_at) VALUES (?, ?, 1, ?)
                        ON CONFLICT (name) DO UPDATE
                           SET owner = excluded.owner, token = l.token + 1, expires_at = excluded.expires_at
                         WHERE l.owner IS NULL OR l.expires_at <= ?
                        RETURNING token
                        """, row -> new Lease(name, owner, row.getLong(1), expiresAt), name, owner, expiresAt, now));
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        Instant now = now();
        Instant expiresAt = now.plus(ttl);
        boolean renewed = updatedOne(
                "UPDATE lease_locks SET expires_at = ?" + STILL_HELD,
                expiresAt,
                lease.name(),
                lease.owner(),
                lease.token(),
                now);
        if (!renewed) {
            lease.signalLost("renewal found the lease expired or taken over");
            return Optional.empty();
        }
        return Optional.of(lease.renewedUntil(expiresAt));
    }

    @Override
    protected boolean tryRelease(Lease lease) {
        boolean released = updatedOne(
                "UPDATE lease_locks SET owner = NULL, expires_at = NULL" + STILL_HELD,
                lease.name(),
                lease.owner(),
                lease.token(),
                now());
        if (!released) {
            lease.signalLost("release found the lease expired or taken over");
        }
        return released;
    }

    private boolean updatedOne(String sql, Object... parameters) {
        return transactions.required(connection -> Sql.on(connection).updateOne("lease update", sql, parameters));
    }

    /** Cut to microseconds, as PostgreSQL stores timestamps, so an expiry compares as it was computed. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
