package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.KnownSoldOut;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.StockReturnFeed;
import dev.stampede.jdbc.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Instances of the service for the tests of issue 13, item 7, in one process: each is a strategy behind a sold-out
 * memory of its own ({@link KnownSoldOut}), told of returns by a {@link StockReturnFeed} of its own on its own session
 * of the embedded PostgreSQL. {@link #of} answers once the feed listens (its start forgets everything, so a memory
 * learnt before that would be wiped by the start, not by a return).
 */
public final class ListeningInstances implements AutoCloseable {

    private final List<StockReturnFeed> feeds = new ArrayList<>();

    /** A new instance selling through {@code strategy}, listening already. */
    public KnownSoldOut of(PurchaseStrategy strategy) {
        KnownSoldOut memory = new KnownSoldOut(strategy);
        CountDownLatch listening = new CountDownLatch(1);
        feeds.add(JdbcSaleStores.stockReturns(TestDatabase.dataSource(), new StockReturnFeed.Listener() {
            @Override
            public void returned(String skuId) {
                memory.stockReturned(skuId);
            }

            @Override
            public void mayHaveReturned() {
                memory.stockMayHaveReturned();
                listening.countDown();
            }
        }));
        try {
            if (!listening.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the stock return feed did not start listening within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return memory;
    }

    @Override
    public void close() {
        feeds.forEach(StockReturnFeed::close);
    }
}
