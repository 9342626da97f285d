package dev.stampede.jdbc.checkout;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.batch.GroupCommit;
import dev.stampede.core.checkout.Checkout;
import dev.stampede.core.checkout.CheckoutEvent;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.Reservation;
import dev.stampede.core.outbox.OutboxSignal;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Ending;
import dev.stampede.jdbc.Transactions.Retried;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reservations by group commit ({@link GroupCommit}, as the {@code batched} purchase strategy sells): one writer per SKU
 * takes the checkouts queued for it and reserves the whole batch in one short transaction: the SKU's row locked once,
 * the checkouts served in arrival order against its stock, one decrement of the stock by the batch's total, one insert
 * of the new checkouts ({@code reserved}) and one of their {@code checkout.reserved} events, one commit. Reservations of
 * one SKU no longer queue one transaction each on its row lock (issue 14, stop 23).
 *
 * <p>What it promises (the queue's promises, see {@link GroupCommit}, with these answers):
 *
 * <ul>
 *   <li>Exact stock: a batch that does not fit takes what fits in arrival order and answers the others {@link
 *       Reservation.SoldOut} with what was left at their turn.
 *   <li>Idempotency: a key used before answers its checkout (replayed) or {@link Reservation.KeyReused}, as one
 *       reservation at a time did; the same key twice in one batch is reserved once, the second answered replayed.
 *   <li>A failed commit fails only its own checkouts: a transient failure (the row lock not had within {@code maxWait},
 *       no connection) answers its batch {@link Reservation.Busy}; any other failure is narrowed down to the one
 *       checkout that cannot be stored, answered busy (its cause logged). Nothing is reserved for a busy answer.
 *   <li>A commit whose outcome is unknown throws {@link OutcomeUnknownException} to every member of its batch; their
 *       buyers ask again under the same key, and a reservation that did commit is answered replayed.
 *   <li>A full queue, or no turn within {@code maxWait}, answers busy: nothing was reserved.
 * </ul>
 *
 * <p>Writers are platform threads that exist only while their SKU has checkouts queued (see {@link GroupCommit}), so
 * nothing is left running when the service stops.
 */
final class GroupCommittedReservations {

    private static final Logger log = LoggerFactory.getLogger(GroupCommittedReservations.class);

    /** Two requests with the same new key at once: the loser of the insert reads the winner's checkout next time. */
    private static final RetryPolicy SAME_KEY_RACE = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(20));

    /** One checkout in a SKU's queue; {@code whenReserved} is told on the writer's thread if the batch reserved it. */
    private record Ask(CheckoutRequest request, Instant expiresAt, Consumer<Checkout> whenReserved) {}

    private final Transactions transactions;
    private final OutboxSignal committed;
    private final Clock clock;
    private final IntSupplier owner;
    private final CheckoutBatches settings;
    private final GroupCommit<String, Ask, Reservation> queue;

    /** {@code owner}: the id of the instance that will drive the checkouts, read before each transaction. */
    GroupCommittedReservations(
            Transactions transactions,
            Clock clock,
            IntSupplier owner,
            CheckoutBatches settings,
            OutboxSignal committed) {
        this.transactions = transactions;
        this.committed = committed;
        this.clock = clock;
        this.owner = owner;
        this.settings = settings;
        this.queue = settings.queue("checkout-reservations", this::commit, new GroupCommit.Refusals<>() {
            @Override
            public Reservation full() {
                return new Reservation.Busy("reservation queue full");
            }

            @Override
            public Reservation closed() {
                return new Reservation.Busy("shutting down");
            }

            @Override
            public Reservation noTurn(Duration waited) {
                return new Reservation.Busy("no turn in the reservation queue within " + waited);
            }

            @Override
            public Reservation failed(Throwable cause) {
                log.error("A reservation could not be stored; it is answered busy", cause);
                return new Reservation.Busy("the reservation could not be stored");
            }
        });
    }

    /**
     * Queues the checkout behind the others of its SKU and waits for its batch's answer; a new reservation is given to
     * {@code whenReserved} on the writer's thread just after the commit (see {@link
     * dev.stampede.core.checkout.CheckoutStore#reserve}).
     */
    Reservation reserve(CheckoutRequest request, Instant expiresAt, Consumer<Checkout> whenReserved) {
        return queue.submit(request.skuId(), new Ask(request, expiresAt, whenReserved));
    }

    private List<Reservation> commit(String skuId, List<Ask> batch) throws SQLException {
        int instance = owner.getAsInt(); // before the transaction: a first use registers on a connection of its own
        Reservation[] answers = transactions.retrying(
                SAME_KEY_RACE, Retried.LOST_RACES, sql -> reserve(sql, skuId, batch, instance), reason -> {
                    Reservation[] busy = new Reservation[batch.size()];
                    Arrays.fill(busy, new Reservation.Busy(reason));
                    return busy;
                });
        committed.signal(); // its checkout.reserved events (none if it was answered busy: a spare run of the relay)
        for (int i = 0; i < answers.length; i++) {
            if (answers[i] instanceof Reservation.Reserved(Checkout checkout, boolean replayed) && !replayed) {
                tell(batch.get(i), checkout);
            }
        }
        return Arrays.asList(answers);
    }

    /** A listener that fails must not fail the batch: the checkout is committed, and the recovery task drives it. */
    private static void tell(Ask ask, Checkout checkout) {
        try {
            ask.whenReserved().accept(checkout);
        } catch (RuntimeException e) {
            log.error("Checkout {} is reserved; what follows is left to the recovery task", checkout.id(), e);
        }
    }

    /**
     * The batch in one transaction; a member whose key came earlier in the same batch is left unanswered (null), to be
     * settled again after this commit (replayed then).
     */
    private Ending<Reservation[]> reserve(Sql sql, String skuId, List<Ask> batch, int instance) throws SQLException {
        Reservation[] results = new Reservation[batch.size()];
        sql.dialect().setLockTimeout(sql, settings.maxWait());
        Optional<Integer> stock = sql.queryFirst(
                "SELECT stock FROM skus WHERE id = ?" + sql.dialect().lockRowForUpdate(), row -> row.getInt(1), skuId);
        if (stock.isEmpty()) {
            Arrays.fill(results, new Reservation.UnknownSku(skuId));
            return Transactions.rollback(results);
        }
        Map<BuyerKey, Checkout> earlier = earlier(sql, batch);
        Set<BuyerKey> seen = new HashSet<>();
        int left = stock.get();
        List<Integer> winners = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            CheckoutRequest request = batch.get(i).request();
            BuyerKey key = BuyerKey.of(request);
            Checkout before = earlier.get(key);
            if (before != null) {
                results[i] = before.matches(request)
                        ? new Reservation.Reserved(before, true)
                        : new Reservation.KeyReused(request.idempotencyKey());
            } else if (!seen.add(key)) {
                results[i] = null; // settled again once the first of its key has committed
            } else if (request.quantity() > left) {
                results[i] = new Reservation.SoldOut(left);
            } else {
                left -= request.quantity();
                winners.add(i);
            }
        }
        if (winners.isEmpty()) {
            return Transactions.rollback(results);
        }
        int taken = stock.get() - left;
        if (!sql.updateOne(
                "batched stock reservation",
                "UPDATE skus SET stock = stock - ?, version = version + 1 WHERE id = ? AND stock >= ?",
                taken,
                skuId,
                taken)) {
            throw new IllegalStateException("the stock of " + skuId + " moved under its row lock");
        }
        List<UUID> ids = winners.stream().map(i -> UUID.randomUUID()).toList();
        Instant now = clock.instant();
        List<UUID> inserted = sql.query(
                "INSERT INTO checkouts (id, sku_id, buyer_id, quantity, amount, idempotency_key, state, owner,"
                        + " expires_at, created_at, updated_at)"
                        + " SELECT n.id, ?, n.buyer_id, n.quantity, n.amount, n.idempotency_key, 'reserved', ?,"
                        + " n.expires_at::timestamptz, ?, ?"
                        + " FROM unnest(?::uuid[], ?::text[], ?::int[], ?::bigint[], ?::text[], ?::text[])"
                        + " AS n(id, buyer_id, quantity, amount, idempotency_key, expires_at)"
                        + " ON CONFLICT (buyer_id, idempotency_key) DO NOTHING RETURNING id",
                row -> row.getObject(1, UUID.class),
                skuId,
                instance,
                now,
                now,
                sql.connection().createArrayOf("uuid", ids.toArray()),
                sql.textArray(column(batch, winners, ask -> ask.request().buyerId())),
                sql.connection()
                        .createArrayOf(
                                "int4",
                                column(batch, winners, ask -> ask.request().quantity())
                                        .toArray()),
                sql.connection()
                        .createArrayOf(
                                "int8",
                                column(batch, winners, ask -> ask.request().amount())
                                        .toArray()),
                sql.textArray(column(batch, winners, ask -> ask.request().idempotencyKey())),
                sql.textArray(column(batch, winners, ask -> ask.expiresAt().toString())));
        if (inserted.size() != ids.size()) {
            return Transactions.conflict("a checkout with the same key was made at the same time");
        }
        JdbcCheckoutStore.emit(sql, ids, clock, List.of(CheckoutEvent.CHECKOUT_RESERVED));
        Map<UUID, Checkout> written = new HashMap<>();
        for (Checkout checkout : sql.query(
                "SELECT " + JdbcCheckoutStore.COLUMNS + " FROM checkouts WHERE id = ANY (?)",
                JdbcCheckoutStore::checkout,
                sql.connection().createArrayOf("uuid", ids.toArray()))) {
            written.put(checkout.id(), checkout);
        }
        for (int w = 0; w < winners.size(); w++) {
            results[winners.get(w)] = new Reservation.Reserved(written.get(ids.get(w)), false);
        }
        settings.hook()
                .reserved(skuId, column(batch, winners, ask -> ask.request().idempotencyKey()));
        return Transactions.commit(results);
    }

    /** The checkouts made earlier under the batch's buyers and keys. */
    private static Map<BuyerKey, Checkout> earlier(Sql sql, List<Ask> batch) throws SQLException {
        Map<BuyerKey, Checkout> earlier = new HashMap<>();
        for (Checkout checkout : sql.query(
                "SELECT " + JdbcCheckoutStore.COLUMNS + " FROM checkouts WHERE (buyer_id, idempotency_key) IN"
                        + " (SELECT * FROM unnest(?::text[], ?::text[]))",
                JdbcCheckoutStore::checkout,
                sql.textArray(batch.stream().map(ask -> ask.request().buyerId()).toList()),
                sql.textArray(batch.stream()
                        .map(ask -> ask.request().idempotencyKey())
                        .toList()))) {
            earlier.put(new BuyerKey(checkout.buyerId(), checkout.idempotencyKey()), checkout);
        }
        return earlier;
    }

    private static <V> List<V> column(List<Ask> batch, List<Integer> members, Function<Ask, V> value) {
        return members.stream().map(i -> value.apply(batch.get(i))).toList();
    }

    /** What an idempotency key is unique within: its buyer. */
    private record BuyerKey(String buyerId, String key) {
        static BuyerKey of(CheckoutRequest request) {
            return new BuyerKey(request.buyerId(), request.idempotencyKey());
        }
    }
}
