package dev.stampede.jdbc.sale;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.OrderStore;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.core.sale.StockReturnFeed;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import javax.sql.DataSource;

/** The stores of the sale of SKUs on PostgreSQL; the strategies that sell are {@link JdbcPurchaseStrategies}. */
public final class JdbcSaleStores {

    private JdbcSaleStores() {}

    /** The token partitions of a SKU sold by tokens unless configured otherwise. */
    public static final int DEFAULT_TOKEN_PARTITIONS = 16;

    /** SKUs; {@code clock} stamps their creation. */
    public static SkuStore skus(Transactions transactions, Clock clock) {
        return skus(transactions, clock, DEFAULT_TOKEN_PARTITIONS);
    }

    /** SKUs, the tokens of those sold by tokens minted over {@code tokenPartitions} partitions (at least 1). */
    public static SkuStore skus(Transactions transactions, Clock clock, int tokenPartitions) {
        if (tokenPartitions < 1) {
            throw new IllegalArgumentException("token partitions must be at least 1, was " + tokenPartitions);
        }
        return new JdbcSkuStore(transactions, clock, tokenPartitions);
    }

    /**
     * The durable record of claim tokens; {@code retry} bounds the retries of a lost race (a deadlock), {@code
     * tokenPartitions} must be the count the SKUs were minted with ({@link #skus(Transactions, Clock, int)}).
     */
    public static TokenLedger tokens(Transactions transactions, Clock clock, RetryPolicy retry, int tokenPartitions) {
        return new JdbcTokenLedger(transactions, new OrderWriter(clock), retry, tokenPartitions);
    }

    /**
     * The news of stock returns on this database ({@code LISTEN}/{@code NOTIFY}), delivered to {@code listener} on a
     * thread and a database session of its own from now until it is closed.
     */
    public static StockReturnFeed stockReturns(DataSource dataSource, StockReturnFeed.Listener listener) {
        return new PgStockReturnFeed(dataSource, listener);
    }

    /** Orders with their idempotency completions; {@code clock} stamps the orders (cut to microseconds). */
    public static OrderStore orders(Transactions transactions, Clock clock) {
        return new JdbcOrderStore(transactions, new OrderWriter(clock));
    }

    /**
     * The durable side of SKUs whose stock is copied into Redis (the {@code redis} strategy): generations and fenced
     * order writes; {@code clock} stamps the orders (cut to microseconds).
     */
    public static StockCopies stockCopies(Transactions transactions, Clock clock) {
        return new JdbcStockCopies(transactions, new OrderWriter(clock));
    }
}
