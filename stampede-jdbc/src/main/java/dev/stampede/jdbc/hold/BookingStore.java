package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.Booking;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The durable record of bookings, shared by every hold strategy: one booking per seat, ever. */
public final class BookingStore {

    private final Transactions transactions;

    public BookingStore(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Books {@code seats} for a hold granted outside PostgreSQL, fenced in the write: every seat must be free here and
     * carry an older fence than {@code booking.fence()}. Empty (and nothing written) if any seat does not qualify.
     *
     * @throws SQLException on any database failure; nothing was written then
     */
    public Optional<Booking> bookFenced(Booking booking) throws SQLException {
        return transactions.inTransaction(connection -> {
            int updated = JdbcHold.update(
                    connection,
                    "UPDATE seats SET state = 'booked', hold_id = ?, fence = ?"
                            + " WHERE show_id = ? AND seat_id = ANY (?) AND state = 'free' AND fence < ?",
                    booking.holdId(),
                    booking.fence(),
                    booking.showId(),
                    connection.createArrayOf("text", booking.seats().toArray()),
                    booking.fence());
            if (JdbcHold.upTo(updated, booking.seats().size(), "fenced booking")
                    < booking.seats().size()) {
                connection.rollback();
                return Optional.empty();
            }
            insert(connection, booking);
            return Optional.of(booking);
        });
    }

    /** The booking made from this hold, if it was confirmed. */
    public Optional<Booking> ofHold(String holdId) throws SQLException {
        return transactions.inTransaction(connection -> ofHold(connection, holdId));
    }

    static Optional<Booking> ofHold(Connection connection, String holdId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT show_id, seat_id, holder_id, fence, booked_at FROM bookings WHERE hold_id = ?")) {
            select.setString(1, holdId);
            try (ResultSet row = select.executeQuery()) {
                List<String> seats = new ArrayList<>();
                String showId = null;
                String holderId = null;
                long fence = 0;
                Instant bookedAt = null;
                while (row.next()) {
                    showId = row.getString(1);
                    seats.add(row.getString(2));
                    holderId = row.getString(3);
                    fence = row.getLong(4);
                    bookedAt = row.getTimestamp(5).toInstant();
                }
                seats.sort(null);
                return seats.isEmpty()
                        ? Optional.empty()
                        : Optional.of(new Booking(holdId, showId, holderId, seats, fence, bookedAt));
            }
        }
    }

    static void insert(Connection connection, Booking booking) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO bookings (show_id, seat_id, hold_id, holder_id, fence, booked_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (String seat : booking.seats()) {
                insert.setString(1, booking.showId());
                insert.setString(2, seat);
                insert.setString(3, booking.holdId());
                insert.setString(4, booking.holderId());
                insert.setLong(5, booking.fence());
                insert.setTimestamp(6, Timestamp.from(booking.bookedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
