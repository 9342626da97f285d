package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.core.sale.KnownSoldOut;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.StockReturnFeed;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 7: the memory of a SKU's stock stays right when units come back. Two instances of the service are two
 * sold-out memories, each told by a feed of its own on its own database session, over one database.
 */
class StockReturnFeedTest {

    private final ListeningInstances instances = new ListeningInstances();

    @AfterEach
    void closeFeeds() {
        instances.close();
    }

    /** An instance: the strategy behind its sold-out memory, told of returns by its own feed. */
    private KnownSoldOut instance(String strategy) {
        return instances.of(JdbcPurchaseContract.STRATEGIES.named(strategy).orElseThrow());
    }

    @Test
    void aRestockReachesTheSoldOutMemoryOfEveryInstance() {
        KnownSoldOut first = instance("conditional");
        KnownSoldOut second = instance("conditional");
        String sku = JdbcPurchaseContract.newSku("conditional", 1, OptionalInt.empty());
        assertThat(first.purchase(PurchaseRequest.of(sku, "early", 1))).isInstanceOf(Purchased.class);
        assertThat(first.purchase(PurchaseRequest.of(sku, "late-1", 1))).isEqualTo(new SoldOut(0));
        assertThat(second.purchase(PurchaseRequest.of(sku, "late-2", 1))).isEqualTo(new SoldOut(0));
        assertThat(first.isKnownSoldOut(sku)).isTrue();
        assertThat(second.isKnownSoldOut(sku)).isTrue();

        assertThat(JdbcPurchaseContract.SKUS.restock(sku, 2)).hasValueSatisfying(restocked -> {
            assertThat(restocked.stock()).isEqualTo(2);
            assertThat(restocked.initialStock()).isEqualTo(3);
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> !first.isKnownSoldOut(sku) && !second.isKnownSoldOut(sku));
        assertThat(first.purchase(PurchaseRequest.of(sku, "back-1", 1))).isInstanceOf(Purchased.class);
        assertThat(second.purchase(PurchaseRequest.of(sku, "back-2", 1))).isInstanceOf(Purchased.class);
        assertThat(second.purchase(PurchaseRequest.of(sku, "after", 1))).isEqualTo(new SoldOut(0));
        SaleAudit audit = JdbcPurchaseContract.SKUS.audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isEqualTo(3);
    }

    /** The lease strategy remembers the lowest stock it read under a lease; units coming back must reach it too. */
    @Test
    void theLeaseStrategysMemoryOfTheStockIsForgottenWhenUnitsComeBack() {
        PurchaseStrategy lease = instance("lease");
        String sku = JdbcPurchaseContract.newSku("lease", 2, OptionalInt.empty());
        assertThat(lease.purchase(PurchaseRequest.of(sku, "one", 1))).isInstanceOf(Purchased.class);
        assertThat(lease.purchase(new PurchaseRequest(sku, "two", 2, null))).isEqualTo(new SoldOut(1));

        JdbcPurchaseContract.SKUS.restock(sku, 4);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> lease.purchase(new PurchaseRequest(sku, "two", 2, null)) instanceof Purchased);
        SaleAudit audit = JdbcPurchaseContract.SKUS.audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.stock()).isEqualTo(3);
    }

    /**
     * A notification sent while a feed's session is down is lost: so a feed whose session broke forgets everything
     * once it listens again. Killed here by PostgreSQL ({@code pg_terminate_backend}), a restock committed while it was
     * down.
     */
    @Test
    void aFeedWhoseSessionBrokeForgetsEverySkuWhenItListensAgain() throws SQLException {
        KnownSoldOut instance = instance("conditional");
        String sku = JdbcPurchaseContract.newSku("conditional", 0, OptionalInt.empty());
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners() > 0);
        instance.purchase(PurchaseRequest.of(sku, "learns", 1));
        assertThat(instance.isKnownSoldOut(sku)).isTrue();

        try (Connection admin = TestDatabase.dataSource().getConnection()) {
            Sql sql = Sql.on(admin);
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = ?", LISTEN);
            sql.update("UPDATE skus SET stock = stock + 1, initial_stock = initial_stock + 1 WHERE id = ?", sku);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> !instance.isKnownSoldOut(sku));
        assertThat(instance.purchase(PurchaseRequest.of(sku, "back", 1))).isInstanceOf(Purchased.class);
    }

    @Test
    void aClosedFeedHasGivenItsSessionBackToThePoolWhenCloseReturns() {
        HikariDataSource shared = (HikariDataSource) TestDatabase.dataSource();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(shared.getJdbcUrl());
        config.setUsername(shared.getUsername());
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            StockReturnFeed feed = JdbcSaleStores.stockReturns(pool, new StockReturnFeed.Listener() {
                @Override
                public void returned(String skuId) {}

                @Override
                public void mayHaveReturned() {}
            });
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 1);

            feed.close();

            assertThat(pool.getHikariPoolMXBean().getActiveConnections())
                    .as("the listening session is back in the pool, so closing the pool next breaks nothing")
                    .isZero();
        }
    }

    private static final String LISTEN = "LISTEN " + PgStockReturnFeed.CHANNEL;

    private static int listeners() throws SQLException {
        try (Connection admin = TestDatabase.dataSource().getConnection()) {
            return Sql.on(admin)
                    .queryOne("SELECT count(*) FROM pg_stat_activity WHERE query = ?", row -> row.getInt(1), LISTEN);
        }
    }
}
