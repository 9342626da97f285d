package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenSale;
import java.time.Clock;
import java.time.Duration;

/** The purchase contract for the {@code tokens} strategy on its PostgreSQL-only pool. */
class PostgresTokenPoolPurchaseTest extends JdbcPurchaseContract {

    private static final TokenLedger LEDGER = JdbcSaleStores.tokens(
            TRANSACTIONS,
            Clock.systemUTC(),
            StrategySettings.defaults().retry(),
            JdbcSaleStores.DEFAULT_TOKEN_PARTITIONS);
    private static final TokenSale SALE =
            PostgresTokenSales.on(LEDGER, Clock.systemUTC(), Duration.ofMinutes(5), PurchaseListener.NONE);

    @Override
    String strategyName() {
        return TokenSale.NAME;
    }

    @Override
    protected PurchaseStrategy strategy() {
        return SALE;
    }
}
