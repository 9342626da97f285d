package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Ending;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Locks the requested seat rows with {@code SELECT ... ORDER BY seat_id FOR UPDATE} (after setting the lock timeout),
 * checks that every one is free or expired, then holds them all. Every transaction locks in seat-id order, so two
 * overlapping multi-seat holds queue on their first common seat instead of deadlocking.
 */
final class PessimisticRowLockHold extends JdbcHold {

    private final Duration lockTimeout;

    PessimisticRowLockHold(Transactions transactions, Clock clock, Duration lockTimeout) {
        super(transactions, clock);
        this.lockTimeout = lockTimeout;
    }

    @Override
    public String name() {
        return "pessimistic";
    }

    @Override
    Ending<HoldResult> grant(Sql sql, HoldRequest request, Instant now) throws SQLException {
        sql.dialect().setLockTimeout(sql, lockTimeout);
        String holdId = newHoldId();
        long free = sql
                .query(
                        "SELECT state = 'free' OR (state = 'held' AND held_until <= ?) FROM seats"
                                + " WHERE show_id = ? AND seat_id = ANY (?) ORDER BY seat_id FOR UPDATE",
                        row -> row.getBoolean(1),
                        now,
                        request.showId(),
                        sql.textArray(request.sortedSeats()))
                .stream()
                .filter(Boolean::booleanValue)
                .count();
        if (free < request.seatIds().size()) {
            return refusal(sql, request, holdId, now);
        }
        long fence = sql.queryOne("SELECT nextval('hold_fence')", row -> row.getLong(1));
        int held = sql.update(
                "UPDATE seats SET state = 'held', hold_id = ?, held_until = ?, fence = ?"
                        + " WHERE show_id = ? AND seat_id = ANY (?)",
                holdId,
                now.plus(request.ttl()),
                fence,
                request.showId(),
                sql.textArray(request.sortedSeats()));
        if (held != request.seatIds().size()) {
            throw new IllegalStateException("locked hold changed " + held + " rows, expected "
                    + request.seatIds().size());
        }
        return record(sql, request, holdId, fence, now);
    }
}
