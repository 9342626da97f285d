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
import java.time.Instant;

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
    HoldResult grant(Connection connection, HoldRequest request, Instant now) throws SQLException {
        String holdId = newHoldId();
        int moved = 0;
        long fence = 0;
        try (PreparedStatement hold = connection.prepareStatement(HOLD)) {
            hold.setString(1, holdId);
            hold.setTimestamp(2, Timestamp.from(now.plus(request.ttl())));
            hold.setString(3, request.showId());
            hold.setArray(4, textArray(connection, request.sortedSeats()));
            hold.setTimestamp(5, Timestamp.from(now));
            try (ResultSet rows = hold.executeQuery()) {
                while (rows.next()) {
                    moved++;
                    fence = rows.getLong(1);
                }
            }
        }
        if (upTo(moved, request.seatIds().size(), "conditional hold")
                < request.seatIds().size()) {
            connection.rollback();
            return refusal(connection, request, now);
        }
        return new HoldResult.Held(record(connection, request, holdId, fence, now));
    }
}
