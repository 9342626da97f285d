package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.IdempotentPurchases;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.RestartablePostgres;
import dev.stampede.jdbc.RowLockHolder;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops while keyed purchases wait at the SKU's row lock and starts again with its data. Each purchase
 * answers busy (503) and cannot free its key meanwhile; the keys must still not block the clients' retries.
 */
class DatabaseOutageTest {

    private final RestartablePostgres postgres = new RestartablePostgres();
    private final Transactions transactions = new Transactions(postgres.dataSource());
    private final JdbcPurchaseStrategies strategies =
            JdbcPurchaseContract.strategies(transactions, StrategySettings.defaults());
    private final SkuStore skus = new SkuStore(transactions, Clock.systemUTC());
    private final ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor();
    private final InstanceLiveness livenessA = new InstanceLiveness(postgres.dataSource(), Duration.ofSeconds(10));
    private final InstanceLiveness livenessB = new InstanceLiveness(postgres.dataSource(), Duration.ofSeconds(10));
    private final JdbcIdempotencyStore a = new JdbcIdempotencyStore(transactions, Clock.systemUTC(), livenessA);
    private final JdbcIdempotencyStore b = new JdbcIdempotencyStore(transactions, Clock.systemUTC(), livenessB);

    @AfterEach
    void stop() {
        buyers.shutdownNow();
        livenessA.close();
        livenessB.close();
        strategies.close();
        postgres.close();
    }

    private PurchaseResult buy(JdbcIdempotencyStore instance, int buyer) {
        return new IdempotentPurchases(strategies.named("conditional").orElseThrow(), instance)
                .purchase(new PurchaseRequest("outage", "buyer-" + buyer, 1, "key-" + buyer));
    }

    @Test
    void aPurchaseCutOffByAnOutageLeavesItsKeyFreeForTheRetryOnEveryInstance() throws Exception {
        skus.create("outage", "item", "conditional", 5);
        livenessB.heartbeat();
        List<CompletableFuture<PurchaseResult>> cutOff;
        RowLockHolder lock =
                RowLockHolder.lock(postgres.dataSource(), "SELECT 1 FROM skus WHERE id = ? FOR UPDATE", "outage");
        cutOff = IntStream.range(0, 3)
                .mapToObj(buyer -> CompletableFuture.supplyAsync(() -> buy(a, buyer), buyers))
                .toList();
        lock.awaitWaiters(3);

        postgres.stop();
        List<PurchaseResult> duringTheOutage =
                cutOff.stream().map(CompletableFuture::join).toList();
        lock.close();
        postgres.start();

        assertThat(duringTheOutage).allMatch(Busy.class::isInstance);
        // Instance A lost its session with the restart and has not renewed it: B takes its claim over at once.
        assertThat(buy(b, 0)).isInstanceOf(Purchased.class);
        // A knows that its own request ended: it takes the claim over at once.
        assertThat(buy(a, 1)).isInstanceOf(Purchased.class);
        // A's heartbeat frees the keys its ended requests left claimed, then A is alive again.
        a.heartbeat();
        assertThat(buy(b, 2)).isInstanceOf(Purchased.class);
        for (int buyer = 0; buyer < 3; buyer++) {
            assertThat(buy(b, buyer)).isInstanceOf(Purchased.class).matches(p -> ((Purchased) p).replayed());
        }
        SaleAudit audit = skus.audit("outage").orElseThrow();
        assertThat(audit.orders()).isEqualTo(3);
        assertThat(audit.stock()).isEqualTo(2);
        assertThat(audit.violations()).isEmpty();
    }
}
