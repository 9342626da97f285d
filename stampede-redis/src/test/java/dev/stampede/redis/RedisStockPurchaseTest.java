package dev.stampede.redis;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.testkit.PurchaseStrategyContract;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.UUID;

/** The purchase contract for the {@code redis} strategy, on the test Redis (embedded, or CI's real one). */
class RedisStockPurchaseTest extends PurchaseStrategyContract {

    private final String prefix = "purchase-" + UUID.randomUUID() + ":";
    private final RedisStockPurchase strategy = new RedisStockPurchase(
            TestRedis.connection(),
            prefix,
            RedisSale.SKUS,
            RedisSale.copies(TestDatabase.dataSource()),
            RedisSale.WRITES,
            Clock.systemUTC(),
            PurchaseListener.NONE);
    private final SkuStore skus = strategy.skus();

    @Override
    protected PurchaseStrategy strategy() {
        return strategy;
    }

    @Override
    protected String newSku(int stock, OptionalInt maxPerBuyer) {
        return RedisSale.newSku(stock, maxPerBuyer);
    }

    @Override
    protected SaleAudit audit(String skuId) {
        return skus.audit(skuId).orElseThrow();
    }

    @Override
    protected IdempotencyStore idempotencyStore() {
        return RedisSale.IDEMPOTENCY;
    }
}
