package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.jdbc.TestDatabase;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A SKU put on sale with {@code redis} or {@code quota} is copied into Redis then, not by its first buyer
 * ({@link dev.stampede.core.sale.PurchaseStrategy#putOnSale}): the copy is in Redis before any purchase, and the first
 * purchase takes from it without making another. With Redis down at that moment the SKU goes on sale all the same, and
 * its first purchase after Redis's return copies it and sells.
 */
class PutOnSaleCopyTest {

    private final String prefix = "on-sale-" + UUID.randomUUID() + ":";
    private final StockCopies durable = RedisSale.copies(TestDatabase.dataSource());

    @Test
    void aRedisSkuIsInRedisAsSoonAsItIsPutOnSaleAndItsFirstPurchaseMakesNoOtherCopy() {
        RedisClusterCommands<String, String> redis = TestRedisClusterCommands.of("redis");
        RedisStockPurchase strategy = redisStrategy(redis);
        StockScripts inRedis = new StockScripts(redis, new StockKeys(prefix));
        String sku = RedisSale.newSku(3);

        strategy.putOnSale(sku);

        assertThat(inRedis.generation(sku)).hasValue(1);
        assertThat(strategy.purchase(PurchaseRequest.of(sku, "alice", 1))).isInstanceOf(Purchased.class);
        assertThat(inRedis.generation(sku)).hasValue(1);
        assertThat(durable.generation(sku)).hasValue(1);
    }

    @Test
    void aQuotaSkuHasEveryBucketOnTheClusterAsSoonAsItIsPutOnSale() {
        RedisClusterCommands<String, String> cluster = TestRedisClusterCommands.of("cluster");
        QuotaStock stock = QuotaStock.of(cluster, prefix, QuotaLayout.oneRegion(8), durable, Clock.systemUTC());
        QuotaPurchase strategy =
                new QuotaPurchase(stock, RedisSale.WRITES, QuotaPurchase.Steps.NONE, PurchaseListener.NONE);
        String sku = RedisSale.newSku("quota", 64, OptionalInt.empty());

        strategy.putOnSale(sku);

        // read through buckets that remember nothing of the copy: what Redis holds
        QuotaBuckets inRedis = QuotaStock.of(cluster, prefix, QuotaLayout.oneRegion(8), durable, Clock.systemUTC())
                .buckets();
        assertThat(inRedis.count(sku)).hasValue(8);
        assertThat(inRedis.generation(sku)).hasValue(1);
        assertThat(inRedis.left(sku, 8)).hasValue(64);
        assertThat(strategy.purchase(PurchaseRequest.of(sku, "alice", 1))).isInstanceOf(Purchased.class);
        assertThat(durable.generation(sku)).hasValue(1);
    }

    @Test
    void aSkuPutOnSaleWhileRedisIsDownIsCopiedByItsFirstPurchaseOnceRedisIsBack() {
        try (OwnRedis redis = new OwnRedis()) {
            RedisStockPurchase strategy = redisStrategy(redis.connection().sync());
            StockScripts inRedis = new StockScripts(redis.connection().sync(), new StockKeys(prefix));
            String sku = RedisSale.newSku(2);
            redis.stop();

            strategy.putOnSale(sku);

            assertThat(durable.generation(sku)).as("no copy was made").hasValue(0);
            redis.start();
            await("the connection is back")
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> inRedis.generation(sku).isEmpty());
            PurchaseResult first = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> strategy.purchase(PurchaseRequest.of(sku, "alice", 1)),
                            result -> !(result instanceof Busy));
            assertThat(first).isInstanceOf(Purchased.class);
            assertThat(inRedis.generation(sku)).hasValue(1);
        }
    }

    private RedisStockPurchase redisStrategy(RedisClusterCommands<String, String> redis) {
        return new RedisStockPurchase(
                redis, prefix, RedisSale.SKUS, durable, RedisSale.WRITES, Clock.systemUTC(), PurchaseListener.NONE);
    }
}
