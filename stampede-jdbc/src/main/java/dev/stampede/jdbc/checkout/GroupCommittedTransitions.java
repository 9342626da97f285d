package dev.stampede.jdbc.checkout;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.batch.GroupCommit;
import dev.stampede.core.checkout.CheckoutEvent;
import dev.stampede.core.checkout.CheckoutState;
import dev.stampede.core.outbox.OutboxSignal;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Retried;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkouts' transitions after the reservation, group-committed ({@link GroupCommit}, as the reservations are):
 * one queue and one writer per {@link Transition}, each batch one short transaction: one conditional {@code UPDATE} of
 * the batch's checkouts (each row's condition names the state it leaves), the stock of the moved ones given back per
 * SKU (for a release or refund: one update per SKU, in SKU order), one insert per event type into the outbox, one commit.
 * Every checkout still commits its new state and its events together; a thousand payments that end within a second
 * no longer take a thousand transactions (issue 14, stop 25).
 *
 * <p>The queue is per transition, not per SKU: a charge's start, confirmation and cancellation touch no SKU row, so
 * all SKUs share their batches; a release or refund locks each SKU it touches once, in SKU order, so two writers
 * cannot wait for each other on SKU rows. Two batches that lock the same checkouts in another order (a deadlock) are
 * retried, as a lost race.
 *
 * <p>What it promises, per member (the queue's promises, see {@link GroupCommit}):
 *
 * <ul>
 *   <li>Conditional: true when this member moved its checkout, false when the checkout was not in a state the
 *       transition leaves (another step got there first). The same checkout twice in one batch moves once: the first
 *       is committed, the second settled right after it (false then, its state left).
 *   <li>A batch that fails before its commit changes nothing: every member gets {@link StoreUnavailableException}
 *       (transient faults, a full queue, no turn within {@code maxWait}), and the recovery task drives its checkouts
 *       on from the state they kept.
 *   <li>A commit whose outcome is unknown throws {@link OutcomeUnknownException} to every member; the recovery task
 *       reads the state the checkout is in and goes on from there (the transition is conditional, so never twice).
 * </ul>
 */
final class GroupCommittedTransitions {

    private static final Logger log = LoggerFactory.getLogger(GroupCommittedTransitions.class);

    /** Two batches that locked the same checkouts in opposite orders: one is rolled back by the deadlock detector. */
    private static final RetryPolicy DEADLOCKS = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(20));

    /** Each transition after the reservation: the state it reaches, whether it returns the stock, its events. */
    enum Transition {
        START_CHARGING(
                CheckoutState.CHARGING,
                false,
                List.of(CheckoutEvent.PAYMENT_STARTED),
                "c.state = 'reserved' AND c.expires_at > m.at::timestamptz"),
        CONFIRM(
                CheckoutState.CONFIRMED,
                false,
                List.of(CheckoutEvent.PAYMENT_CHARGED, CheckoutEvent.ORDER_CONFIRMED),
                "c.state = 'charging'"),
        RELEASE(
                CheckoutState.RELEASED,
                true,
                List.of(CheckoutEvent.RESERVATION_RELEASED),
                "c.state IN ('reserved', 'charging', 'cancelling')"),
        START_CANCELLING(
                CheckoutState.CANCELLING, false, List.of(CheckoutEvent.PAYMENT_CANCELLING), "c.state = 'charging'"),
        REFUND(CheckoutState.REFUNDED, true, List.of(CheckoutEvent.PAYMENT_REFUNDED), "c.state = 'cancelling'"),
        EXPIRE(
                CheckoutState.RELEASED,
                true,
                List.of(CheckoutEvent.RESERVATION_RELEASED),
                "c.state = 'reserved' AND c.expires_at <= m.at::timestamptz");

        final CheckoutState to;
        final boolean returnsStock;
        final List<CheckoutEvent> events;
        final String condition;

        Transition(CheckoutState to, boolean returnsStock, List<CheckoutEvent> events, String condition) {
            this.to = to;
            this.returnsStock = returnsStock;
            this.events = events;
            this.condition = condition;
        }
    }

    /**
     * One checkout to move: {@code reason} and {@code chargeId} set when not null (else kept), {@code at} the instant
     * a time condition compares with (the expiry).
     */
    record Move(UUID id, String reason, String chargeId, Instant at) {}

    /** A member's answer: moved or not, or why nothing could be committed for it. */
    private record Answer(boolean moved, String unavailable) {
        static final Answer MOVED = new Answer(true, null);
        static final Answer STAYED = new Answer(false, null);

        static Answer unavailable(String reason) {
            return new Answer(false, reason);
        }
    }

    private final Transactions transactions;
    private final OutboxSignal committed;
    private final Clock clock;
    private final CheckoutBatches settings;
    private final GroupCommit<Transition, Move, Answer> queue;

    GroupCommittedTransitions(
            Transactions transactions, Clock clock, CheckoutBatches settings, OutboxSignal committed) {
        this.transactions = transactions;
        this.committed = committed;
        this.clock = clock;
        this.settings = settings;
        this.queue = settings.queue("checkout-transitions", this::commit, new GroupCommit.Refusals<>() {
            @Override
            public Answer full() {
                return Answer.unavailable("the checkout transition queue is full");
            }

            @Override
            public Answer closed() {
                return Answer.unavailable("shutting down");
            }

            @Override
            public Answer noTurn(Duration waited) {
                return Answer.unavailable("no turn in the checkout transition queue within " + waited);
            }

            @Override
            public Answer failed(Throwable cause) {
                log.error("A checkout transition could not be stored; the recovery task will retry it", cause);
                return Answer.unavailable("the checkout transition could not be stored");
            }
        });
    }

    /**
     * Queues {@code move} behind the others of its transition and waits for its batch: true if it moved the checkout,
     * false if the checkout was not in a state {@code transition} leaves.
     *
     * @throws StoreUnavailableException if nothing was committed for it (the checkout kept its state)
     * @throws OutcomeUnknownException if its batch may or may not have committed
     */
    boolean move(Transition transition, Move move) {
        Answer answer = queue.submit(transition, move);
        if (answer.unavailable() != null) {
            throw new StoreUnavailableException(answer.unavailable(), null);
        }
        return answer.moved();
    }

    /**
     * Moves {@code moves} in the caller's open transaction (a batch the caller has already gathered, such as the
     * expired reservations); the ids of the checkouts moved, in the order given. Each id at most once.
     */
    List<UUID> moveAll(Sql sql, Transition transition, List<Move> moves) throws SQLException {
        if (moves.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Map<UUID, Held> moved = new LinkedHashMap<>();
        sql.query(
                        "UPDATE checkouts c SET state = ?, reason = coalesce(m.reason, c.reason),"
                                + " charge_id = coalesce(m.charge_id, c.charge_id), updated_at = ?"
                                + " FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) AS m(id, reason, charge_id, at)"
                                + " WHERE c.id = m.id AND " + transition.condition
                                + " RETURNING c.id, c.sku_id, c.quantity",
                        row -> new Held(row.getObject(1, UUID.class), row.getString(2), row.getInt(3)),
                        name(transition.to),
                        now,
                        sql.connection()
                                .createArrayOf(
                                        "uuid", moves.stream().map(Move::id).toArray()),
                        sql.textArray(column(moves, Move::reason)),
                        sql.textArray(column(moves, Move::chargeId)),
                        sql.textArray(column(moves, move -> move.at().toString())))
                .forEach(held -> moved.put(held.id(), held));
        if (transition.returnsStock) {
            Map<String, Integer> returned = new TreeMap<>();
            moved.values().forEach(held -> returned.merge(held.skuId(), held.quantity(), Integer::sum));
            for (Map.Entry<String, Integer> sku : returned.entrySet()) {
                if (!sql.updateOne(
                        "stock return",
                        "UPDATE skus SET stock = stock + ?, version = version + 1 WHERE id = ?",
                        sku.getValue(),
                        sku.getKey())) {
                    throw new IllegalStateException("the SKU " + sku.getKey() + " of a released checkout is gone");
                }
            }
        }
        List<UUID> ids = moves.stream().map(Move::id).filter(moved::containsKey).toList();
        JdbcCheckoutStore.emit(sql, ids, clock, transition.events);
        return ids;
    }

    private record Held(UUID id, String skuId, int quantity) {}

    /** The batch in one transaction; a repeated checkout is left unanswered (null), to be settled after the commit. */
    private List<Answer> commit(Transition transition, List<Move> batch) throws SQLException {
        Set<UUID> seen = new HashSet<>();
        List<Integer> firsts = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (seen.add(batch.get(i).id())) {
                firsts.add(i);
            }
        }
        List<Move> moves = firsts.stream().map(batch::get).toList();
        Answer[] settled = transactions.retrying(
                DEADLOCKS,
                Retried.LOST_RACES,
                sql -> {
                    List<UUID> moved = moveAll(sql, transition, moves);
                    settings.hook().moving(transition.to, moved);
                    Set<UUID> hit = new HashSet<>(moved);
                    Answer[] answers = new Answer[batch.size()];
                    for (int i : firsts) {
                        answers[i] = hit.contains(batch.get(i).id()) ? Answer.MOVED : Answer.STAYED;
                    }
                    return Transactions.commit(answers);
                },
                reason -> {
                    Answer[] answers = new Answer[batch.size()];
                    for (int i : firsts) {
                        answers[i] = Answer.unavailable("database unavailable: " + reason);
                    }
                    return answers;
                });
        committed.signal(); // the batch's events (none if nothing moved: a spare run of the relay)
        return Arrays.asList(settled);
    }

    private static List<String> column(List<Move> moves, Function<Move, String> value) {
        return moves.stream().map(value).toList();
    }

    private static String name(CheckoutState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
