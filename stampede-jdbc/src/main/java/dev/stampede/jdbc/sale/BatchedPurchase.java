package dev.stampede.jdbc.sale;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.batch.GroupCommit;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.Order;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseResult.OverBuyerLimit;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Ending;
import dev.stampede.jdbc.Transactions.Retried;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit ({@link GroupCommit}): one writer per SKU drains a FIFO queue and sells a whole batch in one transaction
 * (one row lock, one stock update, one batched order insert, one commit). Buyers are served in arrival order; each
 * waits for its own answer. The row lock keeps it safe with several instances.
 *
 * <p>What it promises under faults (the queue's promises, see {@link GroupCommit}, with these answers):
 *
 * <ul>
 *   <li>A buyer waits at most {@code maxWait} for its turn: one still queued then withdraws and is answered busy
 *       (nothing was sold to it); one whose batch is being committed waits for that commit at most {@code maxWait}
 *       more, and then gets an {@link OutcomeUnknownException}, since the batch may still commit (its buyer should
 *       ask again under the same {@code Idempotency-Key}). The batch's own wait for the row lock is bounded by
 *       {@code maxWait} too.
 *   <li>A full queue ({@code queueCapacity} buyers) answers busy at once.
 *   <li>A transient failure answers the batch busy (a lost race is tried again first, under the retry policy).
 *   <li>One member never fails a batch: a member that cannot be stored alone is answered busy (the cause is logged);
 *       a member whose idempotency claim was taken over is answered {@link KeyInFlight} and the batch is committed
 *       without it. A batch whose commit throws an {@link Error} is answered busy.
 *   <li>After {@link #close()} every buyer, waiting or arriving, is answered busy.
 * </ul>
 */
final class BatchedPurchase extends JdbcPurchase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchedPurchase.class);

    private final String name;
    private final Duration maxWait;
    private final GroupCommit<String, PurchaseRequest, PurchaseResult> queue;

    /** {@code name}: {@code batched}, or the strategy whose batched path this is ({@code adaptive}). */
    BatchedPurchase(
            String name,
            Transactions transactions,
            OrderWriter orders,
            int queueCapacity,
            int maxBatchSize,
            Duration maxWait,
            RetryPolicy retry,
            PurchaseListener listener) {
        super(transactions, orders, retry, listener);
        this.name = name;
        this.maxWait = maxWait;
        this.queue = new GroupCommit<>(
                name + "-writer",
                queueCapacity,
                maxBatchSize,
                maxWait,
                this::commit,
                new GroupCommit.Refusals<>() {
                    @Override
                    public PurchaseResult full() {
                        return new Busy("purchase queue full");
                    }

                    @Override
                    public PurchaseResult closed() {
                        return new Busy("shutting down");
                    }

                    @Override
                    public PurchaseResult noTurn(Duration waited) {
                        return new Busy("no turn in the purchase queue within " + waited);
                    }

                    @Override
                    public PurchaseResult failed(Throwable cause) {
                        log.error("A batched purchase could not be stored; it is answered busy", cause);
                        // The cause goes to the log under the answer's errorId (its reason), never to the wire.
                        return new Busy("the purchase could not be stored: " + cause.getMessage());
                    }
                },
                size -> listener.batch(name(), size));
        listener.queueDepth(name(), queue::queued);
    }

    @Override
    public String name() {
        return name;
    }

    /** Its queue is the batches' source: every buyer must reach it. */
    @Override
    public boolean ordersItsOwnBuyers() {
        return true;
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) {
        return queue.submit(request.skuId(), request);
    }

    /** Purchases waiting for their SKU's writer now, all SKUs together. */
    int queued() {
        return queue.queued();
    }

    /** Writers alive now: one per SKU with buyers waiting or a batch being committed. */
    int writers() {
        return queue.writers();
    }

    /** Answers busy to every buyer still queued and to every buyer who comes later. */
    @Override
    public void close() {
        queue.close();
    }

    /** One batch in one transaction, lost races retried; busy for every member when a transient failure ends it. */
    private List<PurchaseResult> commit(String skuId, List<PurchaseRequest> batch) throws SQLException {
        return Arrays.asList(
                transactions.retrying(retry, Retried.LOST_RACES, sql -> sell(sql, skuId, batch), reason -> {
                    PurchaseResult[] busy = new PurchaseResult[batch.size()];
                    Arrays.fill(busy, new Busy(reason));
                    return busy;
                }));
    }

    /**
     * Serves the batch in arrival order against the locked stock and, for a SKU with a per-buyer limit, against what
     * each buyer holds (read under the same row lock, which every writer of the SKU takes first, so it is exact);
     * losers see what was left at their turn. A member whose claim was lost rolls the batch back, answered {@link
     * KeyInFlight}; the others are left unanswered (null) to be settled again.
     */
    private Ending<PurchaseResult[]> sell(Sql sql, String skuId, List<PurchaseRequest> batch) throws SQLException {
        PurchaseResult[] results = new PurchaseResult[batch.size()];
        sql.dialect().setLockTimeout(sql, maxWait);
        Optional<Stock> stock = stock(sql, "SELECT stock, max_per_buyer FROM skus WHERE id = ? FOR UPDATE", skuId);
        if (stock.isEmpty()) {
            Arrays.fill(results, new UnknownSku(skuId));
            return Transactions.commit(results);
        }
        int left = stock.get().units();
        OptionalInt max = stock.get().maxPerBuyer();
        Map<String, Integer> held = max.isEmpty()
                ? Map.of()
                : new HashMap<>(BuyerUnits.held(
                        sql,
                        skuId,
                        batch.stream().map(PurchaseRequest::buyerId).distinct().toList()));
        List<PurchaseRequest> winners = new ArrayList<>(batch.size());
        List<Integer> winnerSlots = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            PurchaseRequest request = batch.get(i);
            int holds = held.getOrDefault(request.buyerId(), 0);
            if (request.quantity() > left) {
                results[i] = new SoldOut(left);
            } else if (max.isPresent() && holds + request.quantity() > max.getAsInt()) {
                results[i] = new OverBuyerLimit(max.getAsInt(), holds);
            } else {
                left -= request.quantity();
                if (max.isPresent()) {
                    held.put(request.buyerId(), holds + request.quantity());
                }
                winners.add(request);
                winnerSlots.add(i);
            }
        }
        if (winners.isEmpty()) {
            // Nothing to write: rolled back, so the row lock is let go without a commit's wait for the log to be
            // flushed (the lock itself was logged), e.g. for the herd behind the last unit.
            return Transactions.rollback(results);
        }
        // The version goes up with the stock, so that an optimistic write that read the row before this batch loses its
        // version check (the adaptive strategy switches a SKU between the two paths while purchases are in flight).
        if (!sql.updateOne(
                "batched stock update", "UPDATE skus SET stock = ?, version = version + 1 WHERE id = ?", left, skuId)) {
            throw new IllegalStateException("the locked SKU row " + skuId + " vanished");
        }
        if (max.isPresent()) {
            BuyerUnits.takeAll(sql, winners, max.getAsInt());
        }
        return switch (orders.insertAll(sql, winners)) {
            case OrderWriter.Orders(List<Order> committed) -> {
                for (int i = 0; i < committed.size(); i++) {
                    results[winnerSlots.get(i)] = new Purchased(committed.get(i), false);
                }
                yield Transactions.commit(results);
            }
            case OrderWriter.ClaimLost(PurchaseRequest lost) -> {
                PurchaseResult[] lostOnly = new PurchaseResult[batch.size()];
                lostOnly[winnerSlots.get(winners.indexOf(lost))] = new KeyInFlight(lost.idempotencyKey());
                yield Transactions.rollback(lostOnly);
            }
        };
    }
}
