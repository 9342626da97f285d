package dev.stampede.jdbc.sale;

import dev.stampede.core.OutcomeUnknownException;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer per SKU drains a FIFO queue and sells a whole batch in one transaction (one row lock, one
 * stock update, one batched order insert, one commit). Buyers are served in arrival order; each waits for its own
 * answer. The row lock keeps it safe with several instances.
 *
 * <p>What it promises under faults:
 *
 * <ul>
 *   <li>A buyer waits at most {@code maxWait} for its turn: one still queued then withdraws and is answered busy
 *       (nothing was sold to it); one whose batch is being committed waits for that commit at most {@code maxWait}
 *       more, and then gets an {@link OutcomeUnknownException}, since the batch may still commit (its buyer should
 *       ask again under the same {@code Idempotency-Key}). The batch's own wait for the row lock is bounded by
 *       {@code maxWait} too.
 *   <li>A full queue ({@code queueCapacity} buyers) answers busy at once. Queues grow as buyers arrive, not before.
 *   <li>A writer exists only while its SKU has buyers waiting: it starts with the first and ends when its queue is
 *       empty, so no thread or queue is left behind for a SKU nobody is buying.
 *   <li>A writer answers every batch whatever is thrown while it commits (an {@link Error} included: the batch is
 *       answered busy) and goes on with the next.
 *   <li>One member never fails a batch: when a batch cannot be committed for a reason that is not transient, its
 *       halves are committed separately, down to the one member that cannot be stored, which alone is answered busy
 *       (the cause is logged). A member whose idempotency claim was taken over is answered {@link KeyInFlight} and the
 *       batch is committed without it.
 *   <li>After {@link #close()} every buyer, waiting or arriving, is answered busy.
 * </ul>
 */
final class BatchedPurchase extends JdbcPurchase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchedPurchase.class);

    private final int queueCapacity;
    private final int maxBatchSize;
    private final Duration maxWait;
    private final ConcurrentMap<String, SkuWriter> writers = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean closed;

    BatchedPurchase(
            Transactions transactions,
            OrderWriter orders,
            int queueCapacity,
            int maxBatchSize,
            Duration maxWait,
            RetryPolicy retry,
            PurchaseListener listener) {
        super(transactions, orders, retry, listener);
        this.queueCapacity = queueCapacity;
        this.maxBatchSize = maxBatchSize;
        this.maxWait = maxWait;
        listener.queueDepth(name(), queued::get);
    }

    @Override
    public String name() {
        return "batched";
    }

    /** Its queue is the batches' source: every buyer must reach it. */
    @Override
    public boolean ordersItsOwnBuyers() {
        return true;
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) {
        Pending pending = new Pending(request);
        while (true) {
            switch (writers.computeIfAbsent(request.skuId(), SkuWriter::new).offer(pending)) {
                case QUEUED -> {
                    return pending.await();
                }
                case FULL -> {
                    return new Busy("purchase queue full");
                }
                case CLOSED -> {
                    return new Busy("shutting down");
                }
                case RETIRED -> {
                    // that writer ended after its last buyer; the next offer finds or starts a new one
                }
            }
        }
    }

    /** Purchases waiting for their SKU's writer now, all SKUs together. */
    int queued() {
        return queued.get();
    }

    /** Writers alive now: one per SKU with buyers waiting or a batch being committed. */
    int writers() {
        return writers.size();
    }

    /** Answers busy to every buyer still queued and to every buyer who comes later. */
    @Override
    public void close() {
        closed = true;
        writers.values().forEach(SkuWriter::refuseQueued);
    }

    private enum Offer {
        QUEUED,
        FULL,
        CLOSED,
        RETIRED
    }

    /** A buyer in a queue: taken by its writer for a batch, or withdrawn by the buyer when its wait ran out. */
    private final class Pending {

        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;

        final PurchaseRequest request;
        final CompletableFuture<PurchaseResult> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Pending(PurchaseRequest request) {
            this.request = request;
        }

        /** The writer takes this buyer into a batch; false if the buyer has withdrawn. */
        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        PurchaseResult await() {
            try {
                return answerWithin(maxWait);
            } catch (TimeoutException e) {
                if (state.compareAndSet(QUEUED, WITHDRAWN)) {
                    return new Busy("no turn in the purchase queue within " + maxWait);
                }
                try {
                    return answerWithin(maxWait);
                } catch (TimeoutException again) {
                    // Taken into a batch that is still being committed: it may yet sell to this buyer, so this is
                    // not busy (busy promises nothing was changed) but an unknown outcome.
                    throw new OutcomeUnknownException(
                            "the batch of this purchase did not commit within " + maxWait.multipliedBy(2)
                                    + " and may still commit",
                            again);
                }
            }
        }

        private PurchaseResult answerWithin(Duration wait) throws TimeoutException {
            try {
                return result.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException("the batch of this purchase failed", e.getCause());
            }
        }
    }

    /** The queue of one SKU and the thread that drains it, while there is anything to drain. */
    private final class SkuWriter {

        private final String skuId;
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private boolean draining;
        private boolean retired;

        SkuWriter(String skuId) {
            this.skuId = skuId;
        }

        Offer offer(Pending pending) {
            lock.lock();
            try {
                if (retired) {
                    return Offer.RETIRED;
                }
                if (closed) {
                    return Offer.CLOSED;
                }
                if (queue.size() >= queueCapacity) {
                    return Offer.FULL;
                }
                queue.add(pending);
                queued.incrementAndGet();
                if (!draining) {
                    draining = true;
                    Thread.ofVirtual().name("batched-writer-" + skuId).start(this::drain);
                }
                return Offer.QUEUED;
            } finally {
                lock.unlock();
            }
        }

        void refuseQueued() {
            lock.lock();
            try {
                for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
                    queued.decrementAndGet();
                    if (pending.take()) {
                        pending.result.complete(new Busy("shutting down"));
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        private void drain() {
            for (List<Pending> batch = nextBatch(); batch != null; batch = nextBatch()) {
                listener.batch(name(), batch.size());
                try {
                    settle(batch);
                } catch (Throwable e) {
                    log.error("The batched writer of SKU {} failed; its batch is answered busy", skuId, e);
                    batch.forEach(pending -> pending.result.complete(new Busy("purchase failed; try again")));
                }
            }
        }

        /** Up to {@code maxBatchSize} buyers in arrival order; null (and this writer retires) when none is left. */
        private List<Pending> nextBatch() {
            lock.lock();
            try {
                List<Pending> batch = new ArrayList<>(Math.min(maxBatchSize, queue.size()));
                while (batch.size() < maxBatchSize && !queue.isEmpty()) {
                    Pending pending = queue.poll();
                    queued.decrementAndGet();
                    if (pending.take()) {
                        batch.add(pending);
                    }
                }
                if (batch.isEmpty()) {
                    draining = false;
                    retired = true;
                    writers.remove(skuId, this);
                    return null;
                }
                return batch;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Commits the batch and answers each member. A transient failure answers the batch busy (a lost race is tried
         * again first, under the retry policy). A member whose claim was lost is answered and the rest settled again.
         * Any other failure is narrowed down by committing the batch's halves apart, so that only a member that
         * cannot be stored fails.
         */
        private void settle(List<Pending> batch) {
            PurchaseResult[] results;
            try {
                results = transactions.retrying(retry, Retried.LOST_RACES, sql -> sell(sql, batch), reason -> {
                    PurchaseResult[] busy = new PurchaseResult[batch.size()];
                    Arrays.fill(busy, new Busy(reason));
                    return busy;
                });
            } catch (OutcomeUnknownException e) {
                // The commit may have been applied: committing any member again could sell it twice. Every member
                // is handed the failure, which the edge answers as an unknown outcome (retry with the same key).
                batch.forEach(pending -> pending.result.completeExceptionally(e));
                return;
            } catch (SQLException | RuntimeException e) {
                isolate(batch, e);
                return;
            }
            List<Pending> unanswered = new ArrayList<>();
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    unanswered.add(batch.get(i));
                } else {
                    batch.get(i).result.complete(results[i]);
                }
            }
            if (!unanswered.isEmpty()) {
                settle(unanswered);
            }
        }

        private void isolate(List<Pending> batch, Exception failure) {
            if (batch.size() == 1) {
                log.error(
                        "A batched purchase of SKU {} could not be stored; it alone is answered busy", skuId, failure);
                batch.getFirst().result.complete(new Busy("the purchase could not be stored: " + failure.getMessage()));
                return;
            }
            int half = batch.size() / 2;
            settle(batch.subList(0, half));
            settle(batch.subList(half, batch.size()));
        }

        /**
         * Serves the batch in arrival order against the locked stock and, for a SKU with a per-buyer limit, against what
         * each buyer holds (read under the same row lock, which every writer of the SKU takes first, so it is exact);
         * losers see what was left at their turn. A member whose claim was lost rolls the batch back, answered {@link
         * KeyInFlight}; the others are left unanswered (null) to be settled again.
         */
        private Ending<PurchaseResult[]> sell(Sql sql, List<Pending> batch) throws SQLException {
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
                            batch.stream()
                                    .map(pending -> pending.request.buyerId())
                                    .distinct()
                                    .toList()));
            List<PurchaseRequest> winners = new ArrayList<>(batch.size());
            List<Integer> winnerSlots = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                PurchaseRequest request = batch.get(i).request;
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
                return Transactions.commit(results);
            }
            if (!sql.updateOne("batched stock update", "UPDATE skus SET stock = ? WHERE id = ?", left, skuId)) {
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
}
