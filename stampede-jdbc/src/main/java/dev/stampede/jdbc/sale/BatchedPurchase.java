package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.jdbc.SqlStates;
import dev.stampede.jdbc.Transactions;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit: one writer per SKU drains a bounded FIFO queue and sells a whole batch in one transaction (one row
 * lock, one stock update, one batched order insert, one commit). Buyers are served in arrival order; each waits for
 * its own answer. A full queue answers busy at once. The row lock keeps it safe with several instances.
 */
final class BatchedPurchase extends JdbcPurchase implements AutoCloseable {

    private final int queueCapacity;
    private final int maxBatchSize;
    private final ConcurrentMap<String, SkuWriter> writers = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final DistributionSummary batchSizes;
    private volatile boolean closed;

    BatchedPurchase(
            Transactions transactions, OrderWriter orders, int queueCapacity, int maxBatchSize, MeterRegistry meters) {
        super(transactions, orders);
        this.queueCapacity = queueCapacity;
        this.maxBatchSize = maxBatchSize;
        this.batchSizes = DistributionSummary.builder("stampede.batch.size")
                .description("Purchases committed together in one transaction")
                .tag("strategy", name())
                .register(meters);
        Gauge.builder("stampede.batch.queue.depth", queued, AtomicInteger::get)
                .description("Purchases waiting for their SKU's writer")
                .tag("strategy", name())
                .register(meters);
    }

    @Override
    public String name() {
        return "batched";
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) {
        if (closed) {
            return new Busy("shutting down");
        }
        Pending pending = new Pending(request, new CompletableFuture<>());
        if (!writers.computeIfAbsent(request.skuId(), SkuWriter::new).queue.offer(pending)) {
            return new Busy("purchase queue full");
        }
        queued.incrementAndGet();
        return pending.result.join();
    }

    @Override
    public void close() {
        closed = true;
        writers.values().forEach(writer -> writer.thread.interrupt());
    }

    private record Pending(PurchaseRequest request, CompletableFuture<PurchaseResult> result) {}

    private final class SkuWriter {

        private final String skuId;
        private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(queueCapacity);
        private final Thread thread;

        SkuWriter(String skuId) {
            this.skuId = skuId;
            this.thread = Thread.ofVirtual().name("batched-writer-" + skuId).start(this::run);
        }

        private void run() {
            List<Pending> batch = new ArrayList<>(maxBatchSize);
            while (!closed) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    break;
                }
                queue.drainTo(batch, maxBatchSize - 1);
                queued.addAndGet(-batch.size());
                batchSizes.record(batch.size());
                commit(batch);
                batch.clear();
            }
            queue.drainTo(batch);
            queued.addAndGet(-batch.size());
            batch.forEach(pending -> pending.result.complete(new Busy("shutting down")));
        }

        private void commit(List<Pending> batch) {
            try {
                PurchaseResult[] results = transactions.inTransaction(connection -> sell(connection, batch));
                for (int i = 0; i < results.length; i++) {
                    batch.get(i).result.complete(results[i]);
                }
            } catch (SQLException e) {
                if (SqlStates.isTransient(e)) {
                    batch.forEach(pending -> pending.result.complete(busy(e)));
                } else {
                    RuntimeException failure = Transactions.failure(e);
                    batch.forEach(pending -> pending.result.completeExceptionally(failure));
                }
            } catch (RuntimeException e) {
                batch.forEach(pending -> pending.result.completeExceptionally(e));
            }
        }

        /** Serves the batch in arrival order against the locked stock; losers see what was left at their turn. */
        private PurchaseResult[] sell(Connection connection, List<Pending> batch) throws SQLException {
            PurchaseResult[] results = new PurchaseResult[batch.size()];
            OptionalInt stock = stock(connection, "SELECT stock FROM skus WHERE id = ? FOR UPDATE", skuId);
            if (stock.isEmpty()) {
                Arrays.fill(results, new UnknownSku(skuId));
                return results;
            }
            int left = stock.getAsInt();
            List<PurchaseRequest> winners = new ArrayList<>(batch.size());
            List<Integer> winnerSlots = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                PurchaseRequest request = batch.get(i).request;
                if (request.quantity() <= left) {
                    left -= request.quantity();
                    winners.add(request);
                    winnerSlots.add(i);
                } else {
                    results[i] = new SoldOut(left);
                }
            }
            if (!winners.isEmpty()) {
                exactlyOne(
                        update(connection, "UPDATE skus SET stock = ? WHERE id = ?", left, skuId),
                        "batched stock update");
                var committed = orders.insertAll(connection, winners);
                for (int i = 0; i < committed.size(); i++) {
                    results[winnerSlots.get(i)] = new Purchased(committed.get(i), false);
                }
            }
            return results;
        }
    }
}
