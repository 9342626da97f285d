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
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Ending;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

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
        return decide(sql -> grant(sql, request, now()), HoldResult.Busy::new);
    }

    /** A new hold id; it starts with the strategy's name, so that a service can route releases and confirmations. */
    final String newHoldId() {
        return name() + "_" + UUID.randomUUID();
    }

    /** Grants the hold in the open transaction (commit), or says why not (roll back whatever it changed). */
    abstract Ending<HoldResult> grant(Sql sql, HoldRequest request, Instant now) throws SQLException;

    /**
     * Runs {@code work} in one transaction; a transient fault answers {@code busy} with its reason at once (holds are
     * not retried inside the service: the holder retries), any other is a failure.
     */
    private <T> T decide(Transactions.Decision<T> work, Function<String, T> busy) {
        try {
            return transactions.once(work, busy);
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }

    /** Records a granted hold, committing; its seats were moved to held with {@code fence} in this transaction. */
    final Ending<HoldResult> record(Sql sql, HoldRequest request, String holdId, long fence, Instant now)
            throws SQLException {
        SeatHold hold = new SeatHold(
                holdId, request.showId(), request.holderId(), request.sortedSeats(), now.plus(request.ttl()), fence);
        exactlyOne(
                sql.update(
                        "INSERT INTO holds (id, show_id, holder_id, seat_ids, fence, expires_at, status, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, 'held', ?)",
                        hold.holdId(),
                        hold.showId(),
                        hold.holderId(),
                        sql.textArray(hold.seats()),
                        fence,
                        hold.expiresAt(),
                        now),
                "hold insert");
        return Transactions.commit(new HoldResult.Held(hold));
    }

    /**
     * Why the requested seats could not all be held, rolling back: unknown show or seats, or the seats held (not
     * expired) or booked by others. Seats this attempt itself moved to {@code holdId} are not taken: they were free.
     * Busy if the seats were freed in the meantime.
     */
    static Ending<HoldResult> refusal(Sql sql, HoldRequest request, String holdId, Instant now) throws SQLException {
        Map<String, Boolean> takenBySeat = new HashMap<>();
        for (Map.Entry<String, Boolean> seat : sql.query(
                "SELECT seat_id, state = 'booked' OR (state = 'held' AND held_until > ? AND hold_id IS DISTINCT FROM ?)"
                        + " FROM seats WHERE show_id = ? AND seat_id = ANY (?)",
                row -> Map.entry(row.getString(1), row.getBoolean(2)),
                now,
                holdId,
                request.showId(),
                sql.textArray(request.seatIds()))) {
            takenBySeat.put(seat.getKey(), seat.getValue());
        }
        if (takenBySeat.isEmpty()
                && sql.queryFirst("SELECT 1 FROM shows WHERE id = ?", row -> true, request.showId())
                        .isEmpty()) {
            return Transactions.rollback(new HoldResult.UnknownShow(request.showId()));
        }
        List<String> unknown = request.seatIds().stream()
                .filter(seat -> !takenBySeat.containsKey(seat))
                .toList();
        if (!unknown.isEmpty()) {
            return Transactions.rollback(new HoldResult.UnknownSeats(unknown));
        }
        List<String> taken = request.seatIds().stream().filter(takenBySeat::get).toList();
        return Transactions.rollback(
                taken.isEmpty() ? new HoldResult.Busy("seats changed hands; try again") : new HoldResult.Taken(taken));
    }

    /**
     * A hold row, locked for the rest of the transaction so that its release, extension and confirmation serialize.
     * Each of them reads the clock only once it holds this lock: a {@code now} read before a wait for the lock could
     * be older than the hold's expiry by the time it is used, and would act on a hold that has expired meanwhile.
     */
    private record HoldRow(
            String showId, String holderId, List<String> seats, long fence, Instant expiresAt, String status) {}

    private static Optional<HoldRow> lockHold(Sql sql, String holdId) throws SQLException {
        return sql.queryFirst(
                "SELECT show_id, holder_id, seat_ids, fence, expires_at, status FROM holds WHERE id = ? FOR UPDATE",
                row -> new HoldRow(
                        row.getString(1),
                        row.getString(2),
                        Arrays.asList((String[]) row.getArray(3).getArray()),
                        row.getLong(4),
                        row.getTimestamp(5).toInstant(),
                        row.getString(6)),
                holdId);
    }

    @Override
    public final ReleaseResult release(String holdId, String holderId) {
        return decide(
                sql -> {
                    HoldRow hold = lockHold(sql, holdId).orElse(null);
                    Instant now = now();
                    if (hold == null) {
                        return Transactions.commit(ReleaseResult.NO_SUCH_HOLD);
                    }
                    if (!hold.holderId().equals(holderId)) {
                        return Transactions.commit(ReleaseResult.NOT_HOLDER);
                    }
                    if (!hold.status().equals("held") || !hold.expiresAt().isAfter(now)) {
                        return Transactions.commit(ReleaseResult.NO_SUCH_HOLD);
                    }
                    upTo(
                            sql.update(
                                    "UPDATE seats SET state = 'free', hold_id = NULL, held_until = NULL"
                                            + " WHERE show_id = ? AND seat_id = ANY (?) AND hold_id = ? AND state = 'held'",
                                    hold.showId(),
                                    sql.textArray(hold.seats()),
                                    holdId),
                            hold.seats().size(),
                            "seat release");
                    end(sql, holdId, "released", now);
                    return Transactions.commit(ReleaseResult.RELEASED);
                },
                reason -> ReleaseResult.BUSY);
    }

    @Override
    public final ExtendResult extend(String holdId, String holderId, Duration ttl) {
        return decide(
                sql -> {
                    HoldRow hold = lockHold(sql, holdId).orElse(null);
                    Instant now = now();
                    if (hold == null
                            || !hold.status().equals("held")
                            || !hold.expiresAt().isAfter(now)) {
                        return Transactions.commit(
                                hold != null && !hold.holderId().equals(holderId)
                                        ? new ExtendResult.NotHolder(holdId)
                                        : new ExtendResult.NoSuchHold(holdId));
                    }
                    if (!hold.holderId().equals(holderId)) {
                        return Transactions.commit(new ExtendResult.NotHolder(holdId));
                    }
                    Instant expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.MICROS);
                    // Only seats this hold still holds unexpired: a hold is extended whole or not at all.
                    int extended = sql.update(
                            "UPDATE seats SET held_until = ?"
                                    + " WHERE show_id = ? AND seat_id = ANY (?) AND hold_id = ? AND state = 'held'"
                                    + " AND held_until > ?",
                            expiresAt,
                            hold.showId(),
                            sql.textArray(hold.seats()),
                            holdId,
                            now);
                    if (upTo(extended, hold.seats().size(), "seat extension")
                            < hold.seats().size()) {
                        return Transactions.rollback(new ExtendResult.NoSuchHold(holdId));
                    }
                    exactlyOne(
                            sql.update(
                                    "UPDATE holds SET expires_at = ? WHERE id = ? AND status = 'held'",
                                    expiresAt,
                                    holdId),
                            "hold extension");
                    return Transactions.commit(new ExtendResult.Extended(expiresAt));
                },
                ExtendResult.Busy::new);
    }

    @Override
    public final ConfirmResult confirm(String holdId, String holderId, long fence) {
        return decide(
                sql -> {
                    HoldRow hold = lockHold(sql, holdId).orElse(null);
                    Instant now = now();
                    if (hold == null || hold.status().equals("released")) {
                        return Transactions.commit(new ConfirmResult.NoSuchHold(holdId));
                    }
                    if (!hold.holderId().equals(holderId)) {
                        return Transactions.commit(new ConfirmResult.NotHolder(holdId));
                    }
                    if (fence != hold.fence()) {
                        return Transactions.commit(new ConfirmResult.StaleFence(fence, hold.fence()));
                    }
                    if (hold.status().equals("booked")) {
                        return Transactions.commit(new ConfirmResult.Booked(
                                JdbcBookingStore.ofHold(sql.connection(), holdId)
                                        .orElseThrow(),
                                true));
                    }
                    if (hold.status().equals("expired") || !hold.expiresAt().isAfter(now)) {
                        return Transactions.commit(new ConfirmResult.Expired(holdId));
                    }
                    // Fenced in the write: only seats still held by this hold, not expired, with no newer fence.
                    int booked = sql.update(
                            "UPDATE seats SET state = 'booked', held_until = NULL"
                                    + " WHERE show_id = ? AND seat_id = ANY (?) AND hold_id = ? AND state = 'held'"
                                    + " AND held_until > ? AND fence <= ?",
                            hold.showId(),
                            sql.textArray(hold.seats()),
                            holdId,
                            now,
                            fence);
                    if (upTo(booked, hold.seats().size(), "fenced confirmation")
                            < hold.seats().size()) {
                        return Transactions.rollback(new ConfirmResult.Expired(holdId));
                    }
                    Booking booking = new Booking(holdId, hold.showId(), holderId, hold.seats(), fence, now);
                    JdbcBookingStore.insert(sql.connection(), booking);
                    end(sql, holdId, "booked", now);
                    return Transactions.commit(new ConfirmResult.Booked(booking, false));
                },
                ConfirmResult.Busy::new);
    }

    private static void end(Sql sql, String holdId, String status, Instant now) throws SQLException {
        exactlyOne(
                sql.update(
                        "UPDATE holds SET status = ?, ended_at = ? WHERE id = ? AND status = 'held'",
                        status,
                        now,
                        holdId),
                "hold " + status);
    }

    @Override
    public final Map<String, SeatStatus> statuses(String showId, List<String> seatIds) {
        Set<String> wanted = new HashSet<>(seatIds);
        return transactions.required(connection -> {
            Map<String, SeatStatus> statuses = new HashMap<>();
            for (Map.Entry<String, SeatStatus> seat : Sql.on(connection)
                    .query(
                            "SELECT seat_id, state, held_until > ? FROM seats WHERE show_id = ?",
                            row -> Map.entry(row.getString(1), status(row.getString(2), row.getBoolean(3))),
                            now(),
                            showId)) {
                if (wanted.contains(seat.getKey())) {
                    statuses.put(seat.getKey(), seat.getValue());
                }
            }
            return statuses;
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
        Instant now = now();
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            sql.update(
                    "UPDATE seats SET state = 'free', hold_id = NULL, held_until = NULL"
                            + " WHERE state = 'held' AND held_until <= ?"
                            + " AND show_id IN (SELECT id FROM shows WHERE strategy = ?)",
                    now,
                    name());
            return sql.update(
                    "UPDATE holds SET status = 'expired', ended_at = expires_at WHERE status = 'held'"
                            + " AND expires_at <= ? AND show_id IN (SELECT id FROM shows WHERE strategy = ?)",
                    now,
                    name());
        });
    }

    @Override
    public final long activeHolds() {
        return transactions.required(connection -> Sql.on(connection)
                .queryOne(
                        "SELECT count(*) FROM holds h JOIN shows s ON s.id = h.show_id"
                                + " WHERE h.status = 'held' AND h.expires_at > ? AND s.strategy = ?",
                        row -> row.getLong(1),
                        now(),
                        name()));
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
