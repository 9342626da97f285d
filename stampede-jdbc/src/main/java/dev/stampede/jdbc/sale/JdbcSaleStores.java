package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.OrderStore;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.core.sale.StockReturnFeed;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import javax.sql.DataSource;

/** The stores of the sale of SKUs on PostgreSQL; the strategies that sell are {@link JdbcPurchaseStrategies}. */
public final class JdbcSaleStores {

    private JdbcSaleStores() {}

    /** SKUs; {@code clock} stamps their creation. */
    public static SkuStore skus(Transactions transactions, Clock clock) {
        return new JdbcSkuStore(transactions, clock);
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
}
