package dev.stampede.jdbc.hold;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.hold.Booking;
import dev.stampede.core.hold.BookingStore;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
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
            return transactions.decide(sql -> {
                int updated = sql.update(
                        "UPDATE seats SET state = 'booked', hold_id = ?, fence = ?"
                                + " WHERE show_id = ? AND seat_id = ANY (?) AND state = 'free' AND fence < ?",
                        booking.holdId(),
                        booking.fence(),
                        booking.showId(),
                        sql.textArray(booking.seats()),
                        booking.fence());
                if (JdbcHold.upTo(updated, booking.seats().size(), "fenced booking")
                        < booking.seats().size()) {
                    return Transactions.rollback(Optional.empty());
                }
                insert(sql.connection(), booking);
                return Transactions.commit(Optional.of(booking));
            });
        } catch (SQLException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }

    /** The raise waits for the row locks of a booking in flight; the raise and the read are one transaction. */
    @Override
    public Optional<Booking> fenceOut(String showId, String holdId, List<String> seats, long fence) {
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            JdbcHold.upTo(
                    sql.update(
                            "UPDATE seats SET fence = ?"
                                    + " WHERE show_id = ? AND seat_id = ANY (?) AND state = 'free' AND fence < ?",
                            fence,
                            showId,
                            sql.textArray(seats),
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
        return transactions.required(connection -> Sql.on(connection)
                .queryOne(
                        "SELECT coalesce(max(fence), 0) FROM seats WHERE show_id = ?", row -> row.getLong(1), showId));
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
        Map<String, List<Booking>> rowsByHold = new LinkedHashMap<>();
        for (Booking row : Sql.on(connection)
                .query(
                        "SELECT hold_id, show_id, seat_id, holder_id, fence, booked_at FROM bookings WHERE " + column
                                + " = ?",
                        row -> new Booking(
                                row.getString(1),
                                row.getString(2),
                                row.getString(4),
                                List.of(row.getString(3)),
                                row.getLong(5),
                                row.getTimestamp(6).toInstant()),
                        value)) {
            rowsByHold.computeIfAbsent(row.holdId(), hold -> new ArrayList<>()).add(row);
        }
        return rowsByHold.values().stream().map(JdbcBookingStore::merge).toList();
    }

    /** One booking from the one-seat rows of a hold, its seats sorted. */
    private static Booking merge(List<Booking> rows) {
        Booking first = rows.getFirst();
        List<String> seats =
                rows.stream().map(row -> row.seats().getFirst()).sorted().toList();
        return new Booking(first.holdId(), first.showId(), first.holderId(), seats, first.fence(), first.bookedAt());
    }

    static void insert(Connection connection, Booking booking) throws SQLException {
        Sql.on(connection)
                .batch(
                        "INSERT INTO bookings (show_id, seat_id, hold_id, holder_id, fence, booked_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        booking.seats().stream()
                                .map(seat -> new Object[] {
                                    booking.showId(),
                                    seat,
                                    booking.holdId(),
                                    booking.holderId(),
                                    booking.fence(),
                                    booking.bookedAt()
                                })
                                .toList());
    }
}
