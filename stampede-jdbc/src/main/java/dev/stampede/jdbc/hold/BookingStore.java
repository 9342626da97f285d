package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.Booking;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
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

    /** Every booking of the show, one per hold. */
    public List<Booking> ofShow(String showId) throws SQLException {
        return transactions.inTransaction(connection -> select(connection, "show_id", showId));
    }

    /** The highest fence any seat of the show carries (0 for none): a hold granted later must carry a higher one. */
    public long highestFence(String showId) throws SQLException {
        return transactions.inTransaction(connection -> Sql.on(connection)
                .queryOne(
                        "SELECT coalesce(max(fence), 0) FROM seats WHERE show_id = ?", row -> row.getLong(1), showId));
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
        return rowsByHold.values().stream().map(BookingStore::merge).toList();
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
