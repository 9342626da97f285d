package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.StockCopies;
import dev.stampede.jdbc.TestDatabase;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An instance that serves a region learns a {@code quota} SKU's number of buckets from its own region's first bucket,
 * not from bucket 0 (on the other region's masters, across the regions' round trip), and from bucket 0 when its region
 * has no bucket of the SKU. Bucket 0's copy is deleted after the SKU is copied, so a read of it would find nothing.
 */
class QuotaShapeReadTest {

    private static final QuotaLayout TWO_REGIONS = new QuotaLayout(8, 2);

    private final RedisClusterCommands<String, String> redis = TestRedisClusterCommands.of("redis");
    private final String prefix = "shape-" + UUID.randomUUID() + ":";
    private final StockCopies durable = RedisSale.copies(TestDatabase.dataSource());
    private final QuotaKeys keys = new QuotaKeys(prefix, TWO_REGIONS);

    @Test
    void anInstanceOfTheSecondRegionReadsTheShapeFromItsOwnRegionsBucket() {
        String sku = copied(64);
        redis.del(keys.meta(sku, 0));

        assertThat(buckets(OptionalInt.of(1)).count(sku)).hasValue(8);
        assertThat(buckets(OptionalInt.empty()).count(sku)).isEmpty();
    }

    @Test
    void aSkuWithNoBucketInTheServedRegionIsReadFromBucketZero() {
        String sku = copied(3);
        assertThat(keys.region(sku, 0)).isZero();

        assertThat(buckets(OptionalInt.of(1)).count(sku)).hasValue(3);
    }

    /** A new SKU of {@code stock} units, copied into its buckets. */
    private String copied(int stock) {
        String sku = RedisSale.newSku("quota", stock, OptionalInt.empty());
        QuotaStock.of(redis, prefix, TWO_REGIONS, durable, Clock.systemUTC())
                .copier()
                .copy(sku, OptionalLong.empty());
        return sku;
    }

    /** The buckets as a new instance serving {@code region} sees them: nothing remembered yet. */
    private QuotaBuckets buckets(OptionalInt region) {
        return new QuotaBuckets(
                redis,
                keys,
                new StockScripts(redis, new StockKeys(prefix)),
                new QuotaLayout(TWO_REGIONS.buckets(), TWO_REGIONS.regions(), region));
    }
}
