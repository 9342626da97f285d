package dev.stampede.redis;

import dev.stampede.core.sale.StockCopies;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

/**
 * The durable side of the copies ({@code durable}), whose {@link #newCopy} stops at a latch: it opens {@link #copying}
 * and waits for {@link #goOn}, then runs {@code resuming} (which may throw, as a failing database or a crash would) and
 * makes the copy. The test stops a copier there, between its check of Redis and the generation's raise.
 */
final class HeldCopies implements StockCopies {

    final CountDownLatch copying = new CountDownLatch(1);
    final CountDownLatch goOn = new CountDownLatch(1);

    private final StockCopies durable;
    private final Runnable resuming;

    /** @param resuming what the copy does once it goes on, before it makes the copy: it may throw */
    HeldCopies(StockCopies durable, Runnable resuming) {
        this.durable = durable;
        this.resuming = resuming;
    }

    HeldCopies(StockCopies durable) {
        this(durable, () -> {});
    }

    @Override
    public OptionalLong generation(String skuId) {
        return durable.generation(skuId);
    }

    @Override
    public Optional<Copy> newCopy(String skuId, long replacing) {
        copying.countDown();
        Latches.await(goOn);
        resuming.run();
        return durable.newCopy(skuId, replacing);
    }

    @Override
    public Placements placeAll(String skuId, long generation, List<Placing> placings) {
        return durable.placeAll(skuId, generation, placings);
    }
}
