package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.core.sale.token.TokenAudit;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenReconciler;
import dev.stampede.core.sale.token.TokenSale;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.JdbcIdempotencyStore;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A {@code tokens} sale on a Redis pool for the tests: the ledger and the SKUs on the embedded PostgreSQL, keys under a fresh prefix, 4 partitions, claims held 5 minutes and a
 * one-call purchase's claim 30 seconds.
 */
record TokenFixture(
        SkuStore skus,
        TokenLedger ledger,
        RedisTokenPool pool,
        TokenReconciler reconciler,
        TokenSale sale,
        String prefix) {

    static final int PARTITIONS = 4;
    static final Duration CLAIM_TTL = Duration.ofMinutes(5);
    static final Duration PURCHASE_TTL = Duration.ofSeconds(30);
    static final TokenSale.Redemptions REDEMPTIONS = new TokenSale.Redemptions(1_000, 100, Duration.ofSeconds(30));
    static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());
    static final JdbcIdempotencyStore IDEMPOTENCY = new JdbcIdempotencyStore(
            TRANSACTIONS, Clock.systemUTC(), new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10)));

    static TokenFixture on(StatefulRedisConnection<String, String> connection, Clock clock) {
        return on(connection, clock, UnaryOperator.identity(), "tokens-" + UUID.randomUUID() + ":");
    }

    /** A sale whose ledger is seen through {@code hook} (a test hook that stops the service between two steps). */
    static TokenFixture on(
            StatefulRedisConnection<String, String> connection,
            Clock clock,
            UnaryOperator<TokenLedger> hook,
            String prefix) {
        Transactions transactions = TRANSACTIONS;
        TokenLedger ledger = hook.apply(JdbcSaleStores.tokens(
                transactions, clock, new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(10)), PARTITIONS));
        RedisTokenPool pool = new RedisTokenPool(connection.sync(), prefix, ledger, clock, PARTITIONS);
        TokenReconciler reconciler = new TokenReconciler(ledger, pool, (name, repaired) -> {});
        return new TokenFixture(
                JdbcSaleStores.skus(transactions, clock, PARTITIONS),
                ledger,
                pool,
                reconciler,
                new TokenSale(
                        pool, ledger, reconciler, clock, CLAIM_TTL, PURCHASE_TTL, REDEMPTIONS, PurchaseListener.NONE),
                prefix);
    }

    /** Puts a new SKU sold by tokens on sale (its tokens minted) and answers its id. */
    String newSku(int stock) {
        return newSku(stock, OptionalInt.empty());
    }

    /** As {@link #newSku(int)}, each buyer limited to {@code maxPerBuyer} units (empty: no limit). */
    String newSku(int stock, OptionalInt maxPerBuyer) {
        String id = "tokens-" + UUID.randomUUID();
        assertThat(skus.create(id, "token item", TokenSale.NAME, stock, maxPerBuyer))
                .isTrue();
        return id;
    }

    SaleAudit audit(String skuId) {
        return skus.audit(skuId).orElseThrow();
    }

    TokenAudit tokenAudit(String skuId) {
        return sale.audit(skuId).orElseThrow();
    }
}
