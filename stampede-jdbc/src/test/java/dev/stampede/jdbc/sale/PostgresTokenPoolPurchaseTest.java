package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.token.LedgerTokenPool;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenReconciler;
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
    private static final LedgerTokenPool POOL = new LedgerTokenPool(LEDGER);
    private static final TokenSale SALE = new TokenSale(
            POOL,
            LEDGER,
            new TokenReconciler(LEDGER, POOL, (pool, repaired) -> {}),
            Clock.systemUTC(),
            Duration.ofMinutes(5),
            Duration.ofSeconds(30));

    @Override
    String strategyName() {
        return TokenSale.NAME;
    }

    @Override
    protected PurchaseStrategy strategy() {
        return SALE;
    }
}
