package dev.stampede.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which service instances are alive, as PostgreSQL sees them. Each instance takes a number from the sequence {@code
 * service_instance} and holds a session-level advisory lock on it, on a database session of its own, for as long as it
 * lives. PostgreSQL releases the lock the moment that session ends: when the process exits or is killed (its sockets
 * close with it), when its connection breaks, or when the session stays silent longer than {@code silenceLimit}
 * ({@code idle_session_timeout}, PostgreSQL 14 or newer) because the process is stalled or cut off. Another instance
 * tells whether instance {@code n} is alive by trying the same lock, {@code pg_try_advisory_xact_lock(LOCK_CLASS, n)}:
 * it gets it only if instance {@code n} is gone. Nothing here needs clocks that agree.
 *
 * <p>{@link #heartbeat} must run more often than {@code silenceLimit}; it also takes the session back after it was
 * lost (a database restart), under the same number when it can. The instance registers on first use, so that a
 * service started on a database without sales (MariaDB) never asks for it.
 */
public final class InstanceLiveness implements AutoCloseable {

    /** The advisory lock class ("STMP") of instance locks: {@code pg_advisory_lock(LOCK_CLASS, instance number)}. */
    public static final int LOCK_CLASS = 0x53544D50;

    private static final Logger log = LoggerFactory.getLogger(InstanceLiveness.class);

    private final DataSource dataSource;
    private final Duration silenceLimit;
    private Connection session;
    private volatile int id;

    /** Registers this instance (takes its number and its lock) on first use, on a connection of {@code dataSource}. */
    public InstanceLiveness(DataSource dataSource, Duration silenceLimit) {
        if (silenceLimit.toMillis() < 1_000) {
            throw new IllegalArgumentException("the silence limit must be at least 1s, was " + silenceLimit);
        }
        this.dataSource = dataSource;
        this.silenceLimit = silenceLimit;
    }

    /** This instance's number: the owner of the idempotency claims it takes. */
    public int id() {
        int known = id;
        if (known != 0) {
            return known;
        }
        synchronized (this) {
            if (id == 0) {
                heartbeat();
            }
            return id;
        }
    }

    /**
     * Shows the database this instance is alive; if its session was lost, opens a new one and locks its number again,
     * or a new number if the old session still holds it on the server. Throws when the database cannot be reached.
     */
    public synchronized void heartbeat() {
        try {
            if (session != null && session.isValid((int) Math.max(1, silenceLimit.toSeconds() / 2))) {
                return;
            }
            closeQuietly();
            if (id != 0) {
                session = lockedSession(id).orElse(null);
                if (session != null) {
                    log.info("Service instance {} is connected to the database again", id);
                    return;
                }
                log.warn("Service instance {} could not take its lock back; it takes a new number", id);
            }
            int number = nextNumber();
            session = lockedSession(number).orElseThrow();
            id = number;
            log.info("Service instance {} registered", id);
        } catch (SQLException e) {
            closeQuietly();
            throw Transactions.failure(e);
        }
    }

    private int nextNumber() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return Sql.on(connection).queryOne("SELECT nextval('service_instance')", row -> row.getInt(1));
        }
    }

    /** A session holding the lock on {@code number}, silent at most {@code silenceLimit}; empty if it is taken. */
    private Optional<Connection> lockedSession(int number) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            Sql sql = Sql.on(connection);
            if (!sql.queryOne("SELECT pg_try_advisory_lock(?, ?)", row -> row.getBoolean(1), LOCK_CLASS, number)) {
                connection.close();
                return Optional.empty();
            }
            sql.execute("SELECT set_config('idle_session_timeout', ?, false)", silenceLimit.toMillis() + "ms");
            return Optional.of(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void closeQuietly() {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (SQLException e) {
            log.debug("Closing a lost liveness session failed", e);
        }
        session = null;
    }

    /** Ends this instance's presence: its lock is released, so its claims may be taken over at once. */
    @Override
    public synchronized void close() {
        if (session != null) {
            try {
                Sql.on(session)
                        .execute(
                                "SELECT pg_advisory_unlock(?, ?), set_config('idle_session_timeout', '0', false)",
                                LOCK_CLASS,
                                id);
            } catch (SQLException e) {
                log.debug("Could not release the liveness lock; the session ends anyway", e);
            }
            closeQuietly();
        }
    }
}
