package dev.stampede.jdbc.checkout;

import dev.stampede.core.checkout.Checkout;
import dev.stampede.core.checkout.CheckoutEvent;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.CheckoutState;
import dev.stampede.core.checkout.CheckoutStore;
import dev.stampede.core.checkout.Reservation;
import dev.stampede.core.checkout.Settlement;
import dev.stampede.core.outbox.OutboxSignal;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.checkout.GroupCommittedTransitions.Move;
import dev.stampede.jdbc.checkout.GroupCommittedTransitions.Transition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The {@link CheckoutStore} on PostgreSQL (tables of {@code V11__checkouts.sql}). Reservations are group-committed per
 * SKU ({@link GroupCommittedReservations}): a batch's units leave {@code skus.stock} in one conditional update in the
 * transaction that inserts its checkouts. The later transitions are group-committed per transition ({@link
 * GroupCommittedTransitions}): a release or refund puts the units back in the transaction that leaves the state. Every
 * transition inserts its events into {@code outbox} in its own transaction, each event's payload the checkout row as it
 * stands after the transition ({@code json_build_object}). {@link #checkOutHoldingLock} is the anti-pattern: the whole
 * checkout, payment included, in one transaction holding the SKU's row lock.
 */
final class JdbcCheckoutStore implements CheckoutStore {

    static final String COLUMNS = "id, sku_id, buyer_id, quantity, amount, idempotency_key, state, reason,"
            + " charge_id, expires_at, created_at, updated_at";

    /** Requests' connections: reads of a checkout, and the anti-pattern's whole checkout. */
    private final Transactions transactions;
    /** The saga's steps' connections: the group-committed writers, expiry and recovery. */
    private final Transactions steps;

    private final Clock clock;
    private final InstanceLiveness instance;
    private final GroupCommittedReservations reservations;
    private final GroupCommittedTransitions transitions;
    private final OutboxSignal committed;

    JdbcCheckoutStore(
            Transactions transactions,
            Transactions steps,
            Clock clock,
            InstanceLiveness instance,
            CheckoutBatches batches,
            OutboxSignal committed) {
        this.transactions = transactions;
        this.steps = steps;
        this.clock = clock;
        this.instance = instance;
        this.committed = committed;
        this.reservations = new GroupCommittedReservations(steps, clock, instance::id, batches, committed);
        this.transitions = new GroupCommittedTransitions(steps, clock, batches, committed);
    }

    @Override
    public Reservation reserve(CheckoutRequest request, Instant expiresAt, Consumer<Checkout> whenReserved) {
        return reservations.reserve(request, expiresAt, whenReserved);
    }

    @Override
    public Reservation checkOutHoldingLock(
            CheckoutRequest request, Duration lockTimeout, Function<Checkout, Settlement> payment) {
        int owner = instance.id(); // before the transaction, as in reserve
        try {
            Reservation reservation = transactions.once(
                    sql -> checkOutHoldingLock(sql, request, lockTimeout, payment, owner), Reservation.Busy::new);
            committed.signal();
            return reservation;
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }

    private Transactions.Ending<Reservation> checkOutHoldingLock(
            Sql sql, CheckoutRequest request, Duration lockTimeout, Function<Checkout, Settlement> payment, int owner)
            throws SQLException {
        sql.dialect().setLockTimeout(sql, lockTimeout);
        Optional<Integer> stock = sql.queryFirst(
                "SELECT stock FROM skus WHERE id = ?" + sql.dialect().lockRowForUpdate(),
                row -> row.getInt(1),
                request.skuId());
        if (stock.isEmpty()) {
            return Transactions.rollback(new Reservation.UnknownSku(request.skuId()));
        }
        Optional<Reservation> earlier = earlier(sql, request);
        if (earlier.isPresent()) {
            return Transactions.rollback(earlier.get());
        }
        if (stock.get() < request.quantity()) {
            return Transactions.rollback(new Reservation.SoldOut(stock.get()));
        }
        Instant started = clock.instant();
        UUID id = UUID.randomUUID();
        Settlement settlement = payment.apply(new Checkout(
                id,
                request.skuId(),
                request.buyerId(),
                request.quantity(),
                request.amount(),
                request.idempotencyKey(),
                CheckoutState.CHARGING,
                null,
                null,
                started,
                started,
                started));
        Instant now = clock.instant();
        if (settlement.state() == CheckoutState.CONFIRMED
                && !sql.updateOne(
                        "stock taken under the row lock",
                        "UPDATE skus SET stock = stock - ?, version = version + 1 WHERE id = ? AND stock >= ?",
                        request.quantity(),
                        request.skuId(),
                        request.quantity())) {
            throw new IllegalStateException("the stock of " + request.skuId() + " moved under its row lock");
        }
        if (!sql.updateOne(
                "checkout insert",
                "INSERT INTO checkouts (id, sku_id, buyer_id, quantity, amount, idempotency_key, state, reason,"
                        + " charge_id, owner, expires_at, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                request.skuId(),
                request.buyerId(),
                request.quantity(),
                request.amount(),
                request.idempotencyKey(),
                name(settlement.state()),
                settlement.reason(),
                settlement.chargeId(),
                owner,
                now,
                started,
                now)) {
            throw new IllegalStateException("checkout " + id + " was not inserted");
        }
        emit(sql, List.of(id), clock, lifecycle(settlement.state()));
        return Transactions.commit(new Reservation.Reserved(read(sql, id).orElseThrow(), false));
    }

    /**
     * The answer to a request whose buyer used its idempotency key before: the earlier checkout (replayed) if it asked
     * for the same, else a refusal; empty if the key is new.
     */
    private static Optional<Reservation> earlier(Sql sql, CheckoutRequest request) throws SQLException {
        return sql.queryFirst(
                        "SELECT " + COLUMNS + " FROM checkouts WHERE buyer_id = ? AND idempotency_key = ?",
                        JdbcCheckoutStore::checkout,
                        request.buyerId(),
                        request.idempotencyKey())
                .map(checkout -> checkout.matches(request)
                        ? new Reservation.Reserved(checkout, true)
                        : new Reservation.KeyReused(request.idempotencyKey()));
    }

    /** The events a checkout that ends in {@code state} emits over its life, in order, as the saga's steps would. */
    private static List<CheckoutEvent> lifecycle(CheckoutState state) {
        List<CheckoutEvent> begun = List.of(CheckoutEvent.CHECKOUT_RESERVED, CheckoutEvent.PAYMENT_STARTED);
        List<CheckoutEvent> ended = switch (state) {
            case CONFIRMED -> List.of(CheckoutEvent.PAYMENT_CHARGED, CheckoutEvent.ORDER_CONFIRMED);
            case RELEASED -> List.of(CheckoutEvent.RESERVATION_RELEASED);
            case REFUNDED -> List.of(CheckoutEvent.PAYMENT_CANCELLING, CheckoutEvent.PAYMENT_REFUNDED);
            case RESERVED, CHARGING, CANCELLING -> throw new IllegalArgumentException("not a final state: " + state);
        };
        return Stream.concat(begun.stream(), ended.stream()).toList();
    }

    @Override
    public Optional<Checkout> find(UUID id) {
        return transactions.required(connection -> read(Sql.on(connection), id));
    }

    @Override
    public boolean startCharging(UUID id, Instant now) {
        return transitions.move(Transition.START_CHARGING, new Move(id, null, null, now));
    }

    @Override
    public boolean confirm(UUID id, String chargeId) {
        return transitions.move(Transition.CONFIRM, new Move(id, null, chargeId, clock.instant()));
    }

    @Override
    public boolean release(UUID id, String reason) {
        return transitions.move(Transition.RELEASE, new Move(id, reason, null, clock.instant()));
    }

    @Override
    public boolean refund(UUID id, String reason) {
        return transitions.move(Transition.REFUND, new Move(id, reason, null, clock.instant()));
    }

    @Override
    public boolean startCancelling(UUID id) {
        return transitions.move(Transition.START_CANCELLING, new Move(id, "payment-unresolved", null, clock.instant()));
    }

    /** The expired reservations, released in one transaction (the SKU rows they return stock to locked once each). */
    @Override
    public List<Checkout> expire(Instant now, int limit) {
        List<Checkout> releasedCheckouts = steps.required(connection -> {
            Sql sql = Sql.on(connection);
            List<Move> expired = sql.query(
                    "SELECT id FROM checkouts WHERE state = 'reserved' AND expires_at <= ? ORDER BY expires_at"
                            + " LIMIT ? FOR UPDATE SKIP LOCKED",
                    row -> new Move(row.getObject(1, UUID.class), "expired", null, now),
                    now,
                    limit);
            List<UUID> released = transitions.moveAll(sql, Transition.EXPIRE, expired);
            return sql.query(
                    "SELECT " + COLUMNS + " FROM checkouts WHERE id = ANY (?) ORDER BY expires_at",
                    JdbcCheckoutStore::checkout,
                    connection.createArrayOf("uuid", released.toArray()));
        });
        if (!releasedCheckouts.isEmpty()) {
            committed.signal();
        }
        return releasedCheckouts;
    }

    /**
     * One statement: the unfinished checkouts whose owner is this instance and not driving them, or another instance
     * that is gone (its liveness lock can be taken: {@link InstanceLiveness}), become this instance's. {@code SKIP
     * LOCKED}: two instances recovering at once take different checkouts.
     */
    @Override
    public List<Checkout> takeOverAbandoned(Collection<UUID> driving, int limit) {
        int me = instance.id();
        return steps.required(connection -> {
            Sql sql = Sql.on(connection);
            return sql.query(
                    "UPDATE checkouts SET owner = ? WHERE id IN ("
                            + " SELECT id FROM checkouts WHERE state IN ('reserved', 'charging', 'cancelling')"
                            + " AND CASE WHEN owner = ? THEN id <> ALL (?) ELSE pg_try_advisory_xact_lock(?, owner) END"
                            + " ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                            + " RETURNING " + COLUMNS,
                    JdbcCheckoutStore::checkout,
                    me,
                    me,
                    connection.createArrayOf("uuid", driving.toArray()),
                    InstanceLiveness.LOCK_CLASS,
                    limit);
        });
    }

    /**
     * Inserts {@code events} into the outbox for each of the checkouts {@code ids} (one statement per event), each with
     * the checkout as it now stands as its payload (whose {@code at} is the transition's instant) and {@code clock}'s
     * instant as its {@code created_at}: when the event was written, the last statement before its transaction
     * commits, so that the lag read from it is the outbox's (commit to publish to consume), not a group-committed
     * batch's own time in a burst (issue 14, docs/performance.md, "Stop 28: where the event lag was").
     */
    static void emit(Sql sql, List<UUID> ids, Clock clock, List<CheckoutEvent> events) throws SQLException {
        for (CheckoutEvent event : events) {
            int written = sql.update(
                    "INSERT INTO outbox (event_id, aggregate_id, type, payload, created_at)"
                            + " SELECT e.event_id, c.id, ?, json_build_object('checkoutId', c.id, 'skuId', c.sku_id,"
                            + " 'buyerId', c.buyer_id, 'quantity', c.quantity, 'amount', c.amount, 'state', c.state,"
                            + " 'reason', c.reason, 'chargeId', c.charge_id, 'at', c.updated_at)::text, ?"
                            + " FROM unnest(?::uuid[], ?::uuid[]) WITH ORDINALITY AS e(checkout_id, event_id, n)"
                            + " JOIN checkouts c ON c.id = e.checkout_id ORDER BY e.n",
                    event.type(),
                    clock.instant(),
                    sql.connection().createArrayOf("uuid", ids.toArray()),
                    sql.connection()
                            .createArrayOf(
                                    "uuid",
                                    ids.stream().map(id -> UUID.randomUUID()).toArray()));
            if (written != ids.size()) {
                throw new IllegalStateException(
                        "the outbox took " + written + " " + event.type() + " events for " + ids.size() + " checkouts");
            }
        }
    }

    private static Optional<Checkout> read(Sql sql, UUID id) throws SQLException {
        return sql.queryFirst("SELECT " + COLUMNS + " FROM checkouts WHERE id = ?", JdbcCheckoutStore::checkout, id);
    }

    private static String name(CheckoutState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static Checkout checkout(ResultSet row) throws SQLException {
        return new Checkout(
                row.getObject(1, UUID.class),
                row.getString(2),
                row.getString(3),
                row.getInt(4),
                row.getLong(5),
                row.getString(6),
                CheckoutState.valueOf(row.getString(7).toUpperCase(Locale.ROOT)),
                row.getString(8),
                row.getString(9),
                row.getTimestamp(10).toInstant(),
                row.getTimestamp(11).toInstant(),
                row.getTimestamp(12).toInstant());
    }
}
