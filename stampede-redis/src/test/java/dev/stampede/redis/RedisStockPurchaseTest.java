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
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The purchase contract for the {@code redis} strategy, on the test Redis (embedded, or CI's real one) and on a real
 * Redis Cluster ({@link TestRedisClusterCommands}): every script's keys must share a slot there.
 */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {"redis", "cluster"})
class RedisStockPurchaseTest extends PurchaseStrategyContract {

    private final RedisStockPurchase strategy;
    private final SkuStore skus;

    RedisStockPurchaseTest(String redis) {
        strategy = new RedisStockPurchase(
                TestRedisClusterCommands.of(redis),
                "purchase-" + UUID.randomUUID() + ":",
                RedisSale.SKUS,
                RedisSale.copies(TestDatabase.dataSource()),
                RedisSale.WRITES,
                Clock.systemUTC(),
                PurchaseListener.NONE);
        skus = strategy.skus();
    }

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
