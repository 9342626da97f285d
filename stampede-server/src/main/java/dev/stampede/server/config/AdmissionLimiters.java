package dev.stampede.server.config;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

/**
 * The limiter of one admission partition (issue 15 item 2), from {@link AdmissionProperties}: a concurrency limit that
 * answers at once (Netflix concurrency-limits' {@code SimpleLimiter}); a write over it waits for a permit in the
 * filter's own backlog ({@code dev.stampede.server.admission.AdmissionBacklog}), not in the limiter.
 *
 * <ul>
 *   <li>{@code purchases}: a fixed limit of {@code purchase-limit}. A flash sale is one burst, queued per SKU by the
 *       strategies themselves; Gradient2 read that queue as overload and held the partition at its minimum, shedding
 *       99.8% of the sale (docs/performance.md), and a low limit would also starve the group commit's batches.
 *   <li>every other partition: Gradient2 between {@code min-limit} and {@code max-limit}, from {@code initial-limit}.
 * </ul>
 */
final class AdmissionLimiters {

    static final String PURCHASES = "purchases";

    private AdmissionLimiters() {}

    /** A new limiter for {@code partition} (see {@link dev.stampede.server.admission.AdmissionControl#partition}). */
    static Limiter<Void> forPartition(String partition, AdmissionProperties properties) {
        return SimpleLimiter.newBuilder()
                .named(partition)
                .limit(
                        partition.equals(PURCHASES)
                                ? FixedLimit.of(properties.purchaseLimit())
                                : Gradient2Limit.newBuilder()
                                        .initialLimit(properties.initialLimit())
                                        .minLimit(properties.minLimit())
                                        .maxConcurrency(properties.maxLimit())
                                        .build())
                .build();
    }
}
