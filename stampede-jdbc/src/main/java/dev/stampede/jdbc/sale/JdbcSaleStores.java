package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.OrderStore;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;

/** The stores of the sale of SKUs on PostgreSQL; the strategies that sell are {@link JdbcPurchaseStrategies}. */
public final class JdbcSaleStores {

    private JdbcSaleStores() {}

    /** SKUs; {@code clock} stamps their creation. */
    public static SkuStore skus(Transactions transactions, Clock clock) {
        return new JdbcSkuStore(transactions, clock);
    }

    /** Orders with their idempotency completions; {@code clock} stamps the orders (cut to microseconds). */
    public static OrderStore orders(Transactions transactions, Clock clock) {
        return new JdbcOrderStore(transactions, new OrderWriter(clock));
    }
}
