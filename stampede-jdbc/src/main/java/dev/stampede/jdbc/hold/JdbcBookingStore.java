package dev.stampede.jdbc.hold;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.hold.Booking;
import dev.stampede.core.hold.BookingStore;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link BookingStore} on PostgreSQL, whose rows the SQL hold strategies write too ({@link #insert}, {@link
 * #ofHold(Connection, String)}): a seat's fence is a column of its row, raised in the same statement that books it.
 */
final class JdbcBookingStore implements BookingStore {

    private final Transactions transactions;

    JdbcBookingStore(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Any refusal by the database, transient or not, is {@link StoreUnavailableException}: nothing was written. */
    @Override
    public Optional<Booking> bookFenced(Booking booking) {
        try {
            return transactions.inTransaction(connection -> fencedBooking(connection, booking));
        } catch (SQLException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }

    private static Optional<Booking> fencedBooking(Connection connection, Booking booking) throws SQLException {
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
    }

    /** The raise waits for the row locks of a booking in flight; the raise and the read are one transaction. */
    @Override
    public Optional<Booking> fenceOut(String showId, String holdId, List<String> seats, long fence) {
        return transactions.required(connection -> {
            JdbcHold.upTo(
                    JdbcHold.update(
                            connection,
                            "UPDATE seats SET fence = ?"
                                    + " WHERE show_id = ? AND seat_id = ANY (?) AND state = 'free' AND fence < ?",
                            fence,
                            showId,
                            connection.createArrayOf("text", seats.toArray()),
                            fence),
                    seats.size(),
                    "fence-out");
            return ofHold(connection, holdId);
        });
    }

    @Override
    public List<Booking> ofShow(String showId) {
        return transactions.required(connection -> select(connection, "show_id", showId));
    }

    @Override
    public long highestFence(String showId) {
        return transactions.required(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT coalesce(max(fence), 0) FROM seats WHERE show_id = ?")) {
                select.setString(1, showId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<Booking> ofHold(String holdId) {
        return transactions.required(connection -> ofHold(connection, holdId));
    }

    static Optional<Booking> ofHold(Connection connection, String holdId) throws SQLException {
        return select(connection, "hold_id", holdId).stream().findFirst();
    }

    /** The bookings whose {@code column} ({@code hold_id} or {@code show_id}) equals {@code value}, one per hold. */
    private static List<Booking> select(Connection connection, String column, String value) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT hold_id, show_id, seat_id, holder_id, fence, booked_at FROM bookings WHERE " + column
                        + " = ?")) {
            select.setString(1, value);
            Map<String, List<Booking>> rowsByHold = new LinkedHashMap<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rowsByHold
                            .computeIfAbsent(row.getString(1), hold -> new ArrayList<>())
                            .add(new Booking(
                                    row.getString(1),
                                    row.getString(2),
                                    row.getString(4),
                                    List.of(row.getString(3)),
                                    row.getLong(5),
                                    row.getTimestamp(6).toInstant()));
                }
            }
            return rowsByHold.values().stream().map(JdbcBookingStore::merge).toList();
        }
    }

    /** One booking from the one-seat rows of a hold, its seats sorted. */
    private static Booking merge(List<Booking> rows) {
        Booking first = rows.getFirst();
        List<String> seats =
                rows.stream().map(row -> row.seats().getFirst()).sorted().toList();
        return new Booking(first.holdId(), first.showId(), first.holderId(), seats, first.fence(), first.bookedAt());
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
