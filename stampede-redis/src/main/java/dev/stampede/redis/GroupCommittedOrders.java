package dev.stampede.redis;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.batch.GroupCommit;
import dev.stampede.core.sale.OrderStore.Placement;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.core.sale.StockCopies.Placing;
import dev.stampede.core.sale.StockCopies.Stale;
import dev.stampede.core.sale.StockCopies.Written;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable writes of the {@code redis} and {@code quota} strategies, group-committed ({@link GroupCommit}): the orders taken from one
 * copy of a SKU's stock (one SKU, one generation) queue up, and one writer per copy writes each batch with one {@link
 * StockCopies#placeAll} (one transaction, one fenced update of the SKU's row, one commit). Each buyer still waits for
 * its own order's commit; one member that cannot be stored fails alone; a member whose claim was taken over is answered
 * {@link Placement.ClaimLost} and the rest written without it. The queue of a copy holds at most {@code
 * queueCapacity} orders; beyond it an order is written on its own, in its buyer's thread (every order waiting here is
 * one already taken in Redis, so the queues are bounded by the stock too).
 */
final class GroupCommittedOrders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommittedOrders.class);

    /** Where the orders of one batch come from: one copy of one SKU. */
    private record CopyOf(String skuId, long generation) {}

    /** How one order's durable write ended. */
    sealed interface Landing {}

    /** Written (its key completed with it), or its claim was lost (nothing written for it). */
    record Landed(Placement placement) implements Landing {}

    /** Nothing written: the copy the order was taken from is stale. */
    record FromStaleCopy() implements Landing {}

    /**
     * Not written now, definitely (PostgreSQL refused or could not be reached), or not known to be written (no turn
     * came within the wait, or the writer closed): the record stays pending and the reconciler writes it (or drops it
     * when its copy is stale).
     */
    record NotYet(String why, Exception cause) implements Landing {}

    /** This order could not be stored at all (a bug, logged): nothing was written for it. */
    record Failed() implements Landing {}

    private final StockCopies copies;
    private final GroupCommit<CopyOf, Placing, Landing> queue;

    /**
     * @param queueCapacity orders waiting per copy before one is written on its own
     * @param maxBatchSize orders per transaction at most
     * @param maxWait the longest an order waits for its batch, and then for the batch's commit
     * @param strategy the name of the strategy, which its meters and writer thread carry ({@code redis}, {@code quota})
     * @param listener told each batch's size and given the queue's depth, under the strategy's name
     */
    GroupCommittedOrders(
            StockCopies copies,
            int queueCapacity,
            int maxBatchSize,
            Duration maxWait,
            String strategy,
            PurchaseListener listener) {
        this.copies = copies;
        this.queue = new GroupCommit<>(
                strategy + "-orders",
                queueCapacity,
                maxBatchSize,
                maxWait,
                this::write,
                new GroupCommit.Refusals<>() {
                    /** Null: {@link #place} writes the order on its own. */
                    @Override
                    public Landing full() {
                        return null;
                    }

                    @Override
                    public Landing closed() {
                        return new NotYet("the service is shutting down", null);
                    }

                    @Override
                    public Landing noTurn(Duration waited) {
                        return new NotYet("no turn to be written within " + waited, null);
                    }

                    @Override
                    public Landing failed(Throwable cause) {
                        log.error("A {} order could not be stored", strategy, cause);
                        return new Failed();
                    }
                },
                size -> listener.batch(strategy, size));
        listener.queueDepth(strategy, queue::queued);
    }

    /**
     * Writes the order of {@code record} durably, as {@code placing}, with the others of its copy.
     *
     * @throws OutcomeUnknownException if its batch may or may not have committed
     */
    Landing place(WriteAheadRecord record, Placing placing) {
        CopyOf copy = new CopyOf(record.skuId(), record.generation());
        Landing landing = queue.submit(copy, placing);
        if (landing == null) {
            // The copy's queue is full: this order is written on its own.
            return write(copy, List.of(placing)).getFirst();
        }
        return landing;
    }

    private List<Landing> write(CopyOf copy, List<Placing> placings) {
        try {
            return switch (copies.placeAll(copy.skuId(), copy.generation(), placings)) {
                case Stale stale -> Collections.nCopies(placings.size(), new FromStaleCopy());
                case Written(List<Placement> placements) ->
                    placements.stream().map(p -> (Landing) new Landed(p)).toList();
            };
        } catch (OutcomeUnknownException e) {
            throw e;
        } catch (StoreUnavailableException e) {
            return Collections.nCopies(placings.size(), new NotYet("the database could not take the write", e));
        }
    }

    /** Orders waiting or arriving are answered {@link NotYet}: their records stay for the reconciler. */
    @Override
    public void close() {
        queue.close();
    }
}
