package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.token.LedgerTokenPool;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenReconciler;
import dev.stampede.core.sale.token.TokenSale;
import java.time.Clock;
import java.time.Duration;

/** The {@code tokens} strategy on its PostgreSQL-only pool, as the tests of this package build it. */
final class PostgresTokenSales {

    /** How long a one-call purchase's claim holds (the service's default). */
    static final Duration PURCHASE_TTL = Duration.ofSeconds(30);

    private PostgresTokenSales() {}

    /**
     * A sale on {@code ledger}'s own pool, its two-phase claims held {@code claimTtl}, its redemptions group-committed
     * (up to 500 a batch, a turn waited for at most 30 s) and reported to {@code listener}.
     */
    static TokenSale on(TokenLedger ledger, Clock clock, Duration claimTtl, PurchaseListener listener) {
        LedgerTokenPool pool = new LedgerTokenPool(ledger);
        return new TokenSale(
                pool,
                ledger,
                new TokenReconciler(ledger, pool, (name, drift) -> {}),
                clock,
                claimTtl,
                PURCHASE_TTL,
                new TokenSale.Redemptions(1_000, 500, Duration.ofSeconds(30)),
                listener);
    }
}
