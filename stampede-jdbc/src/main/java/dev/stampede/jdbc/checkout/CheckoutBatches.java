package dev.stampede.jdbc.checkout;

import dev.stampede.core.batch.GroupCommit;
import dev.stampede.core.checkout.CheckoutState;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * How checkouts are group-committed: the reservations of one SKU together ({@link GroupCommittedReservations}), and
 * each later transition of all checkouts together ({@link GroupCommittedTransitions}), each queue with these settings.
 *
 * @param queueCapacity checkouts one queue holds; one more is answered busy at once
 * @param maxBatchSize checkouts committed in one transaction at most
 * @param maxWait the longest wait for a turn in the queue, for a row lock, and then for the batch's commit
 * @param hook told of each batch just before its transaction commits (tests stop the writer there)
 */
public record CheckoutBatches(int queueCapacity, int maxBatchSize, Duration maxWait, BeforeCommit hook) {

    /** 20,000 queued and 500 a batch (the {@code batched} purchase strategy's defaults), waits of 5 s, no hook. */
    public static final CheckoutBatches DEFAULT =
            new CheckoutBatches(20_000, 500, Duration.ofSeconds(5), BeforeCommit.NONE);

    /** Told of a batch whose rows are written and whose transaction is about to commit. */
    @FunctionalInterface
    public interface BeforeCommit {
        /** A reservation batch; {@code idempotencyKeys}: its new checkouts, in arrival order. */
        void reserved(String skuId, List<String> idempotencyKeys);

        /** A transition batch: the checkouts {@code ids} (in arrival order) are moving to {@code to}. */
        default void moving(CheckoutState to, List<UUID> ids) {}

        BeforeCommit NONE = (skuId, keys) -> {};
    }

    public CheckoutBatches {
        if (queueCapacity < 1 || maxBatchSize < 1) {
            throw new IllegalArgumentException(
                    "queue capacity and batch size must be at least 1, were " + queueCapacity + ", " + maxBatchSize);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the longest wait must be positive, was " + maxWait);
        }
    }

    /** A queue named {@code name} with these settings, committing with {@code committer}. */
    <K, T, R> GroupCommit<K, T, R> queue(
            String name, GroupCommit.Committer<K, T, R> committer, GroupCommit.Refusals<R> refusals) {
        return new GroupCommit<>(name, queueCapacity, maxBatchSize, maxWait, committer, refusals, size -> {});
    }

    /** These settings with {@code hook}. */
    public CheckoutBatches withHook(BeforeCommit hook) {
        return new CheckoutBatches(queueCapacity, maxBatchSize, maxWait, hook);
    }
}
