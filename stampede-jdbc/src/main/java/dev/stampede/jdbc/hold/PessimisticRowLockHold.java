package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Locks the requested seat rows with {@code SELECT ... ORDER BY seat_id FOR UPDATE} (after setting the lock timeout),
 * checks that every one is free or expired, then holds them all. Every transaction locks in seat-id order, so two
 * overlapping multi-seat holds queue on their first common seat instead of deadlocking.
 */
final class PessimisticRowLockHold extends JdbcHold {

    private final String lockTimeout;

    PessimisticRowLockHold(Transactions transactions, Clock clock, Duration lockTimeout) {
        super(transactions, clock);
        this.lockTimeout = lockTimeout.toMillis() + "ms";
    }

    @Override
    public String name() {
        return "pessimistic";
    }

    @Override
    HoldResult grant(Connection connection, HoldRequest request, Instant now) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
            set.setString(1, lockTimeout);
            set.execute();
        }
        int free = 0;
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT state = 'free' OR (state = 'held' AND held_until <= ?) FROM seats"
                        + " WHERE show_id = ? AND seat_id = ANY (?) ORDER BY seat_id FOR UPDATE")) {
            lock.setTimestamp(1, Timestamp.from(now));
            lock.setString(2, request.showId());
            lock.setArray(3, textArray(connection, request.sortedSeats()));
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    free += rows.getBoolean(1) ? 1 : 0;
                }
            }
        }
        if (free < request.seatIds().size()) {
            return refusal(connection, request, now);
        }
        long fence;
        try (PreparedStatement next = connection.prepareStatement("SELECT nextval('hold_fence')");
                ResultSet row = next.executeQuery()) {
            row.next();
            fence = row.getLong(1);
        }
        String holdId = newHoldId();
        int held = update(
                connection,
                "UPDATE seats SET state = 'held', hold_id = ?, held_until = ?, fence = ?"
                        + " WHERE show_id = ? AND seat_id = ANY (?)",
                holdId,
                Timestamp.from(now.plus(request.ttl())),
                fence,
                request.showId(),
                textArray(connection, request.sortedSeats()));
        if (held != request.seatIds().size()) {
            throw new IllegalStateException("locked hold changed " + held + " rows, expected "
                    + request.seatIds().size());
        }
        return new HoldResult.Held(record(connection, request, holdId, fence, now));
    }
}
