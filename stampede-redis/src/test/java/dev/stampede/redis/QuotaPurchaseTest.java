package dev.stampede.redis;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.testkit.PurchaseStrategyContract;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The purchase contract for the {@code quota} strategy with 8 buckets per SKU (so the contract's small stocks force
 * shares to move between buckets), on the test Redis and on a real Redis Cluster ({@link TestRedisClusterCommands}),
 * where the buckets of one SKU sit on different shards.
 */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {"redis", "cluster"})
class QuotaPurchaseTest extends PurchaseStrategyContract {

    private final QuotaPurchase strategy;

    QuotaPurchaseTest(String redis) {
        strategy = new QuotaPurchase(
                TestRedisClusterCommands.of(redis),
                "quota-" + UUID.randomUUID() + ":",
                QuotaLayout.oneRegion(8),
                RedisSale.copies(TestDatabase.dataSource()),
                RedisSale.WRITES,
                Clock.systemUTC(),
                PurchaseListener.NONE);
    }

    @Override
    protected PurchaseStrategy strategy() {
        return strategy;
    }

    @Override
    protected String newSku(int stock, OptionalInt maxPerBuyer) {
        return RedisSale.newSku("quota", stock, maxPerBuyer);
    }

    @Override
    protected SaleAudit audit(String skuId) {
        return RedisSale.SKUS.audit(skuId).orElseThrow();
    }

    @Override
    protected IdempotencyStore idempotencyStore() {
        return RedisSale.IDEMPOTENCY;
    }
}
