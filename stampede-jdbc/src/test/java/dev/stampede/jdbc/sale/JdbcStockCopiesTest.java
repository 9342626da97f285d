package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.core.sale.StockReturnFeed;
import dev.stampede.core.sale.StockReturnFeed.Listener;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.testkit.StockCopiesContract;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JdbcStockCopiesTest extends StockCopiesContract {

    private final StockCopies copies = JdbcSaleStores.stockCopies(JdbcPurchaseContract.TRANSACTIONS, Clock.systemUTC());

    @Override
    protected StockCopies stockCopies() {
        return copies;
    }

    @Override
    protected IdempotencyStore idempotencyStore() {
        return JdbcPurchaseContract.IDEMPOTENCY;
    }

    @Override
    protected String newSku(int stock, OptionalInt maxPerBuyer) {
        return JdbcPurchaseContract.newSku("redis", stock, maxPerBuyer);
    }

    @Override
    protected SaleAudit audit(String skuId) {
        return JdbcPurchaseContract.SKUS.audit(skuId).orElseThrow();
    }

    @Test
    void aNewCopyTellsEveryInstanceThatTheSkusStockMayHaveComeBack() throws InterruptedException {
        Set<String> returned = ConcurrentHashMap.newKeySet();
        CountDownLatch listening = new CountDownLatch(1);
        try (StockReturnFeed feed = JdbcSaleStores.stockReturns(TestDatabase.dataSource(), new Listener() {
            @Override
            public void returned(String skuId) {
                returned.add(skuId);
            }

            @Override
            public void mayHaveReturned() {
                listening.countDown();
            }
        })) {
            assertThat(listening.await(30, TimeUnit.SECONDS)).isTrue();
            String sku = newSku(1, OptionalInt.empty());

            copies.newCopy(sku, 0);

            await().atMost(Duration.ofSeconds(30)).until(() -> returned.contains(sku));
        }
    }
}
