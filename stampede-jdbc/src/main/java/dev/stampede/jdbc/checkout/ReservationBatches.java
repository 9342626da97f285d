package dev.stampede.jdbc.checkout;

import java.time.Duration;
import java.util.List;

/**
 * How the checkouts of one SKU are reserved together (group commit, see {@link GroupCommittedReservations}).
 *
 * @param queueCapacity checkouts one SKU's queue holds; one more is answered busy at once
 * @param maxBatchSize checkouts reserved in one transaction at most
 * @param maxWait the longest wait for a turn in the queue, for the SKU's row lock, and then for the batch's commit
 * @param hook told of each batch just before its transaction commits (tests stop the writer there)
 */
public record ReservationBatches(int queueCapacity, int maxBatchSize, Duration maxWait, BeforeCommit hook) {

    /** 20,000 queued and 500 a batch (the {@code batched} purchase strategy's defaults), waits of 5 s, no hook. */
    public static final ReservationBatches DEFAULT =
            new ReservationBatches(20_000, 500, Duration.ofSeconds(5), BeforeCommit.NONE);

    /** Told of a batch whose rows are written and whose transaction is about to commit. */
    @FunctionalInterface
    public interface BeforeCommit {
        /** {@code idempotencyKeys}: the new checkouts of the batch, in arrival order. */
        void reserved(String skuId, List<String> idempotencyKeys);

        BeforeCommit NONE = (skuId, keys) -> {};
    }

    public ReservationBatches {
        if (queueCapacity < 1 || maxBatchSize < 1) {
            throw new IllegalArgumentException(
                    "queue capacity and batch size must be at least 1, were " + queueCapacity + ", " + maxBatchSize);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the longest wait must be positive, was " + maxWait);
        }
    }

    /** These settings with {@code hook}. */
    public ReservationBatches withHook(BeforeCommit hook) {
        return new ReservationBatches(queueCapacity, maxBatchSize, maxWait, hook);
    }
}
