package dev.stampede.redis;

import dev.stampede.core.sale.SkuStore;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.JdbcIdempotencyStore;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The PostgreSQL side of a {@code redis} sale in the tests: SKUs, orders and idempotency keys on the test database (or
 * a data source the test injects faults into).
 */
final class RedisSale {

    static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());
    static final SkuStore SKUS = JdbcSaleStores.skus(TRANSACTIONS, Clock.systemUTC());
    static final JdbcIdempotencyStore IDEMPOTENCY = new JdbcIdempotencyStore(
            TRANSACTIONS, Clock.systemUTC(), new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10)));

    /** Group commit as the service's defaults have it (stampede.strategies.*). */
    static final RedisStockPurchase.Writes WRITES = new RedisStockPurchase.Writes(20_000, 500, Duration.ofSeconds(30));

    private RedisSale() {}

    static StockCopies copies(DataSource dataSource) {
        return JdbcSaleStores.stockCopies(new Transactions(dataSource), Clock.systemUTC());
    }

    /** Puts a new {@code redis} SKU with this stock on sale and returns its id. */
    static String newSku(int stock) {
        return newSku(stock, OptionalInt.empty());
    }

    /** Puts a new {@code redis} SKU with this stock and per-buyer limit on sale and returns its id. */
    static String newSku(int stock, OptionalInt maxPerBuyer) {
        return newSku("redis", stock, maxPerBuyer);
    }

    /** Puts a new SKU sold by {@code strategy} ({@code redis}, {@code quota}) on sale and returns its id. */
    static String newSku(String strategy, int stock, OptionalInt maxPerBuyer) {
        String id = strategy + "-" + UUID.randomUUID();
        SKUS.create(id, "test item", strategy, stock, maxPerBuyer);
        return id;
    }
}
