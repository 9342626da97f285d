package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.Booking;
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

    /**
     * Makes sure a hold granted outside PostgreSQL can never be booked from now on, and says whether it was booked
     * before: raises the fence of each of its seats still free to {@code fence} (fences only grow), so a {@link
     * #bookFenced} of this hold still in flight finds no seat that qualifies; then reads the hold's booking. The two
     * steps are one transaction, and the raise waits for the row locks of a booking in flight, so the answer is final:
     * a booking present now is the hold's, and an absent one will never appear.
     *
     * @throws SQLException on any database failure; nothing was written then
     */
    public Optional<Booking> fenceOut(String showId, String holdId, List<String> seats, long fence)
            throws SQLException {
        return transactions.inTransaction(connection -> {
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

    /** Every booking of the show, one per hold. */
    public List<Booking> ofShow(String showId) throws SQLException {
        return transactions.inTransaction(connection -> select(connection, "show_id", showId));
    }

    /** The highest fence any seat of the show carries (0 for none): a hold granted later must carry a higher one. */
    public long highestFence(String showId) throws SQLException {
        return transactions.inTransaction(connection -> {
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

    /** The booking made from this hold, if it was confirmed. */
    public Optional<Booking> ofHold(String holdId) throws SQLException {
        return transactions.inTransaction(connection -> ofHold(connection, holdId));
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
            return rowsByHold.values().stream().map(BookingStore::merge).toList();
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
