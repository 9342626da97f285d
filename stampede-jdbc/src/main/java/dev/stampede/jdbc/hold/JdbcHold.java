package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.Booking;
import dev.stampede.core.hold.ConfirmResult;
import dev.stampede.core.hold.ExtendResult;
import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.core.hold.ReleaseResult;
import dev.stampede.core.hold.SeatHold;
import dev.stampede.core.hold.SeatStatus;
import dev.stampede.jdbc.SqlStates;
import dev.stampede.jdbc.Statements;
import dev.stampede.jdbc.Transactions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the SQL hold strategies share: holds recorded in {@code holds}, seat states in {@code seats}; release, confirm,
 * sweep and reads; transient SQL faults answer busy. Subclasses differ only in how they grant a hold.
 */
abstract class JdbcHold implements HoldStrategy {

    final Transactions transactions;
    final Clock clock;

    JdbcHold(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Now, at the precision PostgreSQL stores. */
    final Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public final HoldResult hold(HoldRequest request) {
        try {
            return transactions.inTransaction(connection -> grant(connection, request, now()));
        } catch (SQLException e) {
            if (SqlStates.isTransient(e)) {
                return new HoldResult.Busy(reason(e));
            }
            throw Transactions.failure(e);
        }
    }

    /** A new hold id; it starts with the strategy's name, so that a service can route releases and confirmations. */
    final String newHoldId() {
        return name() + "_" + UUID.randomUUID();
    }

    /** Grants the hold in the open transaction, or rolls back whatever it changed and says why not. */
    abstract HoldResult grant(Connection connection, HoldRequest request, Instant now) throws SQLException;

    /** Records a granted hold; its seats were moved to held with {@code fence} in this transaction. */
    final SeatHold record(Connection connection, HoldRequest request, String holdId, long fence, Instant now)
            throws SQLException {
        SeatHold hold = new SeatHold(
                holdId, request.showId(), request.holderId(), request.sortedSeats(), now.plus(request.ttl()), fence);
        exactlyOne(
                update(
                        connection,
                        "INSERT INTO holds (id, show_id, holder_id, seat_ids, fence, expires_at, status, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, 'held', ?)",
                        hold.holdId(),
                        hold.showId(),
                        hold.holderId(),
                        textArray(connection, hold.seats()),
                        fence,
                        Timestamp.from(hold.expiresAt()),
                        Timestamp.from(now)),
                "hold insert");
        return hold;
    }

    /**
     * Why the requested seats could not all be held, read after the attempt was rolled back: unknown show or seats, or
     * the seats held (not expired) or booked by others. Busy if they were freed in the meantime.
     */
    static HoldResult refusal(Connection connection, HoldRequest request, Instant now) throws SQLException {
        Map<String, Boolean> takenBySeat = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seat_id, state = 'booked' OR (state = 'held' AND held_until > ?) FROM seats"
                        + " WHERE show_id = ? AND seat_id = ANY (?)")) {
            select.setTimestamp(1, Timestamp.from(now));
            select.setString(2, request.showId());
            select.setArray(3, textArray(connection, request.seatIds()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    takenBySeat.put(row.getString(1), row.getBoolean(2));
                }
            }
        }
        if (takenBySeat.isEmpty() && !showExists(connection, request.showId())) {
            return new HoldResult.UnknownShow(request.showId());
        }
        List<String> unknown = request.seatIds().stream()
                .filter(seat -> !takenBySeat.containsKey(seat))
                .toList();
        if (!unknown.isEmpty()) {
            return new HoldResult.UnknownSeats(unknown);
        }
        List<String> taken = request.seatIds().stream().filter(takenBySeat::get).toList();
        return taken.isEmpty() ? new HoldResult.Busy("seats changed hands; try again") : new HoldResult.Taken(taken);
    }

    private static boolean showExists(Connection connection, String showId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM shows WHERE id = ?")) {
            select.setString(1, showId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /**
     * A hold row, locked for the rest of the transaction so that its release, extension and confirmation serialize.
     * Each of them reads the clock only once it holds this lock: a {@code now} read before a wait for the lock could
     * be older than the hold's expiry by the time it is used, and would act on a hold that has expired meanwhile.
     */
    private record HoldRow(
            String showId, String holderId, List<String> seats, long fence, Instant expiresAt, String status) {}

    private static HoldRow lockHold(Connection connection, String holdId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT show_id, holder_id, seat_ids, fence, expires_at, status FROM holds WHERE id = ? FOR UPDATE")) {
            select.setString(1, holdId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                String[] seats = (String[]) row.getArray(3).getArray();
                return new HoldRow(
                        row.getString(1),
                        row.getString(2),
                        Arrays.asList(seats),
                        row.getLong(4),
                        row.getTimestamp(5).toInstant(),
                        row.getString(6));
            }
        }
    }

    @Override
    public final ReleaseResult release(String holdId, String holderId) {
        try {
            return transactions.inTransaction(connection -> {
                HoldRow hold = lockHold(connection, holdId);
                Instant now = now();
                if (hold == null) {
                    return ReleaseResult.NO_SUCH_HOLD;
                }
                if (!hold.holderId().equals(holderId)) {
                    return ReleaseResult.NOT_HOLDER;
                }
                if (!hold.status().equals("held") || !hold.expiresAt().isAfter(now)) {
                    return ReleaseResult.NO_SUCH_HOLD;
                }
                upTo(
                        update(
                                connection,
                                "UPDATE seats SET state = 'free', hold_id = NULL, held_until = NULL"
                                        + " WHERE show_id = ? AND seat_id = ANY (?) AND hold_id = ? AND state = 'held'",
                                hold.showId(),
                                textArray(connection, hold.seats()),
                                holdId),
                        hold.seats().size(),
                        "seat release");
                end(connection, holdId, "released", now);
                return ReleaseResult.RELEASED;
            });
        } catch (SQLException e) {
            if (SqlStates.isTransient(e)) {
                return ReleaseResult.BUSY;
            }
            throw Transactions.failure(e);
        }
    }

    @Override
    public final ExtendResult extend(String holdId, String holderId, Duration ttl) {
        try {
            return transactions.inTransaction(connection -> {
                HoldRow hold = lockHold(connection, holdId);
                Instant now = now();
                if (hold == null
                        || !hold.status().equals("held")
                        || !hold.expiresAt().isAfter(now)) {
                    return hold != null && !hold.holderId().equals(holderId)
                            ? new ExtendResult.NotHolder(holdId)
                            : new ExtendResult.NoSuchHold(holdId);
                }
                if (!hold.holderId().equals(holderId)) {
                    return new ExtendResult.NotHolder(holdId);
                }
                Instant expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.MICROS);
                // Only seats this hold still holds unexpired: a hold is extended whole or not at all.
                int extended = update(
                        connection,
                        "UPDATE seats SET held_until = ?"
                                + " WHERE show_id = ? AND seat_id = ANY (?) AND hold_id = ? AND state = 'held'"
                                + " AND held_until > ?",
                        Timestamp.from(expiresAt),
                        hold.showId(),
                        textArray(connection, hold.seats()),
                        holdId,
                        Timestamp.from(now));
                if (upTo(extended, hold.seats().size(), "seat extension")
                        < hold.seats().size()) {
                    connection.rollback();
                    return new ExtendResult.NoSuchHold(holdId);
                }
                exactlyOne(
                        update(
                                connection,
                                "UPDATE holds SET expires_at = ? WHERE id = ? AND status = 'held'",
                                Timestamp.from(expiresAt),
                                holdId),
                        "hold extension");
                return new ExtendResult.Extended(expiresAt);
            });
        } catch (SQLException e) {
            if (SqlStates.isTransient(e)) {
                return new ExtendResult.Busy("database busy (" + e.getSQLState() + ")");
            }
            throw Transactions.failure(e);
        }
    }

    @Override
    public final ConfirmResult confirm(String holdId, String holderId, long fence) {
        try {
            return transactions.inTransaction(connection -> {
                HoldRow hold = lockHold(connection, holdId);
                Instant now = now();
                if (hold == null || hold.status().equals("released")) {
                    return new ConfirmResult.NoSuchHold(holdId);
                }
                if (!hold.holderId().equals(holderId)) {
                    return new ConfirmResult.NotHolder(holdId);
                }
                if (fence != hold.fence()) {
                    return new ConfirmResult.StaleFence(fence, hold.fence());
                }
                if (hold.status().equals("booked")) {
                    return new ConfirmResult.Booked(
                            JdbcBookingStore.ofHold(connection, holdId).orElseThrow(), true);
                }
                if (hold.status().equals("expired") || !hold.expiresAt().isAfter(now)) {
                    return new ConfirmResult.Expired(holdId);
                }
                // Fenced in the write: only seats still held by this hold, not expired, with no newer fence.
                int booked = update(
                        connection,
                        "UPDATE seats SET state = 'booked', held_until = NULL"
                                + " WHERE show_id = ? AND seat_id = ANY (?) AND hold_id = ? AND state = 'held'"
                                + " AND held_until > ? AND fence <= ?",
                        hold.showId(),
                        textArray(connection, hold.seats()),
                        holdId,
                        Timestamp.from(now),
                        fence);
                if (upTo(booked, hold.seats().size(), "fenced confirmation")
                        < hold.seats().size()) {
                    connection.rollback();
                    return new ConfirmResult.Expired(holdId);
                }
                Booking booking = new Booking(holdId, hold.showId(), holderId, hold.seats(), fence, now);
                JdbcBookingStore.insert(connection, booking);
                end(connection, holdId, "booked", now);
                return new ConfirmResult.Booked(booking, false);
            });
        } catch (SQLException e) {
            if (SqlStates.isTransient(e)) {
                return new ConfirmResult.Busy(reason(e));
            }
            throw Transactions.failure(e);
        }
    }

    private static void end(Connection connection, String holdId, String status, Instant now) throws SQLException {
        exactlyOne(
                update(
                        connection,
                        "UPDATE holds SET status = ?, ended_at = ? WHERE id = ? AND status = 'held'",
                        status,
                        Timestamp.from(now),
                        holdId),
                "hold " + status);
    }

    @Override
    public final Map<String, SeatStatus> statuses(String showId, List<String> seatIds) {
        Set<String> wanted = new HashSet<>(seatIds);
        return transactions.required(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT seat_id, state, held_until > ? FROM seats WHERE show_id = ?")) {
                select.setTimestamp(1, Timestamp.from(now()));
                select.setString(2, showId);
                Map<String, SeatStatus> statuses = new HashMap<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        String seat = row.getString(1);
                        if (wanted.contains(seat)) {
                            statuses.put(seat, status(row.getString(2), row.getBoolean(3)));
                        }
                    }
                }
                return statuses;
            }
        });
    }

    private static SeatStatus status(String state, boolean unexpired) {
        return switch (state) {
            case "booked" -> SeatStatus.BOOKED;
            case "held" -> unexpired ? SeatStatus.HELD : SeatStatus.FREE;
            default -> SeatStatus.FREE;
        };
    }

    @Override
    public final int sweepExpired() {
        Timestamp now = Timestamp.from(now());
        return transactions.required(connection -> {
            update(
                    connection,
                    "UPDATE seats SET state = 'free', hold_id = NULL, held_until = NULL"
                            + " WHERE state = 'held' AND held_until <= ?"
                            + " AND show_id IN (SELECT id FROM shows WHERE strategy = ?)",
                    now,
                    name());
            return update(
                    connection,
                    "UPDATE holds SET status = 'expired', ended_at = expires_at WHERE status = 'held'"
                            + " AND expires_at <= ? AND show_id IN (SELECT id FROM shows WHERE strategy = ?)",
                    now,
                    name());
        });
    }

    @Override
    public final long activeHolds() {
        return transactions.required(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT count(*) FROM holds h JOIN shows s ON s.id = h.show_id"
                            + " WHERE h.status = 'held' AND h.expires_at > ? AND s.strategy = ?")) {
                select.setTimestamp(1, Timestamp.from(now()));
                select.setString(2, name());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    static String reason(SQLException e) {
        return SqlStates.isLockTimeout(e) ? "lock wait timed out" : "database busy (" + e.getSQLState() + ")";
    }

    static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        return Statements.update(connection, sql, parameters);
    }

    static void exactlyOne(int count, String what) {
        if (count != 1) {
            throw new IllegalStateException(what + " changed " + count + " rows, expected 1");
        }
    }

    /** A conditional write over {@code most} rows: fewer means it lost (some rows did not qualify), more is a bug. */
    static int upTo(int count, int most, String what) {
        if (count < 0 || count > most) {
            throw new IllegalStateException(what + " changed " + count + " rows, expected at most " + most);
        }
        return count;
    }
}
