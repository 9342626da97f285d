package dev.stampede.core.sale;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * What purchase strategies report while they work, for the service's metrics (the strategies register no meters):
 * each event names the strategy ({@link PurchaseStrategy#name()}) or, for leases, the lease backend. Called on the
 * buyer's or the writer's thread: an implementation must be quick and must not throw. Every method does nothing by
 * default; {@link #NONE} ignores everything.
 */
public interface PurchaseListener {

    PurchaseListener NONE = new PurchaseListener() {};

    /** A buyer waited this long for a row lock (given up or granted). */
    default void lockWaited(String strategy, Duration wait) {}

    /** An attempt lost a race (a version conflict, a serialization failure, a deadlock) and was rolled back. */
    default void conflict(String strategy) {}

    /** A purchase needed this many attempts (1: no conflict), whatever it ended with. */
    default void attempts(String strategy, int attempts) {}

    /** A batch of this many purchases went to one transaction. */
    default void batch(String strategy, int size) {}

    /** The live count of purchases waiting for their SKU's writer, all SKUs together; given once, at construction. */
    default void queueDepth(String strategy, IntSupplier depth) {}

    /** A write under a lease of {@code backend} was refused: it carried a fencing token older than the SKU's fence. */
    default void fencedWriteRefused(String backend) {}

    /** A buyer was answered busy because its turn for the SKU's lease of {@code backend} did not come in time. */
    default void leaseTurnTimedOut(String backend) {}

    /**
     * A strategy that changes mechanism per SKU ({@code adaptive}) switched one: {@code direction} is {@code escalate}
     * (to its single-writer path) or {@code step_down} (back to optimistic).
     */
    default void modeSwitched(String strategy, String skuId, String direction) {}
}
