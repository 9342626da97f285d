package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Ending;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One statement moves every requested seat from free-or-expired to held, with a new fencing token; the hold is granted
 * only if it moved exactly as many seats as were requested, else the transaction rolls back. The database re-checks
 * the condition on the latest row version, so a concurrent hold of an overlapping seat can never both succeed.
 */
final class ConditionalUpdateHold extends JdbcHold {

    private static final String HOLD = """
            WITH token AS (SELECT nextval('hold_fence') AS fence)
            UPDATE seats SET state = 'held', hold_id = ?, held_until = ?, fence = token.fence
              FROM token
             WHERE show_id = ? AND seat_id = ANY (?)
               AND (state = 'free' OR (state = 'held' AND held_until <= ?))
            RETURNING token.fence
            """;

    ConditionalUpdateHold(Transactions transactions, Clock clock) {
        super(transactions, clock);
    }

    @Override
    public String name() {
        return "conditional";
    }

    @Override
    Ending<HoldResult> grant(Sql sql, HoldRequest request, Instant now) throws SQLException {
        String holdId = newHoldId();
        List<Long> fences = sql.query(
                HOLD,
                row -> row.getLong(1),
                holdId,
                now.plus(request.ttl()),
                request.showId(),
                sql.textArray(request.sortedSeats()),
                now);
        if (upTo(fences.size(), request.seatIds().size(), "conditional hold")
                < request.seatIds().size()) {
            return refusal(sql, request, holdId, now);
        }
        return record(sql, request, holdId, fences.getLast(), now);
    }
}
