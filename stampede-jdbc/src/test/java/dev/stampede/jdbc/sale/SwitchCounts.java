package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseListener;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the {@code adaptive} strategy reports: its switches by direction and the work of each path. */
final class SwitchCounts implements PurchaseListener {

    final AtomicInteger escalations = new AtomicInteger();
    final AtomicInteger stepDowns = new AtomicInteger();
    final AtomicInteger optimisticPurchases = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();

    @Override
    public void modeSwitched(String strategy, String skuId, String direction) {
        (direction.equals("escalate") ? escalations : stepDowns).incrementAndGet();
    }

    @Override
    public void attempts(String strategy, int attempts) {
        if (strategy.equals("adaptive")) {
            optimisticPurchases.incrementAndGet();
        }
    }

    @Override
    public void batch(String strategy, int size) {
        if (strategy.equals("adaptive")) {
            batches.incrementAndGet();
        }
    }
}
