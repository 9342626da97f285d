package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.IdempotentPurchases;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.RestartablePostgres;
import dev.stampede.jdbc.RowLockHolder;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final SkuStore skus = JdbcSaleStores.skus(transactions, Clock.systemUTC());
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

    /** What the clients of one strategy's SKU saw in the drill below. */
    private record Tally(
            AtomicInteger acknowledgedBeforeOutage, AtomicInteger busy, AtomicInteger inFlight, Set<UUID> orders) {

        Tally() {
            this(new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), ConcurrentHashMap.newKeySet());
        }
    }

    /**
     * The drill: 100 keyed buyers per strategy, half on instance A and half on B, 32 at a time; PostgreSQL stops once a
     * third of them are answered and starts again once 100 answers came during the outage. A buyer answered busy or
     * in-flight retries with the same key (on its own instance) until it holds an order.
     */
    @Test
    void aSaleSurvivesADatabaseRestartWithNothingLostOrDoubled() throws Exception {
        int buyers = 100;
        List<String> names = List.of("conditional", "batched", "pessimistic");
        Map<String, Tally> tallies = new LinkedHashMap<>();
        names.forEach(name -> {
            skus.create("restart-" + name, "item", name, buyers + 50);
            tallies.put(name, new Tally());
        });
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger busyDuringOutage = new AtomicInteger();
        CountDownLatch outage = new CountDownLatch(1);
        List<Callable<Void>> calls = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            for (String name : names) {
                JdbcIdempotencyStore instance = i % 2 == 0 ? a : b;
                PurchaseRequest request = new PurchaseRequest("restart-" + name, name + "-" + i, 1, "key-" + i);
                IdempotentPurchases purchases =
                        new IdempotentPurchases(strategies.named(name).orElseThrow(), instance);
                Tally tally = tallies.get(name);
                calls.add(() -> {
                    for (int attempt = 0; ; attempt++) {
                        PurchaseResult result = answerOf(purchases, request);
                        if (result instanceof Purchased purchased) {
                            tally.orders().add(purchased.order().id());
                            if (attempt == 0 && outage.getCount() == 1) {
                                tally.acknowledgedBeforeOutage().incrementAndGet();
                            }
                            break;
                        }
                        if (result instanceof Busy && outage.getCount() == 0) {
                            busyDuringOutage.incrementAndGet();
                        }
                        (result instanceof Busy ? tally.busy() : tally.inFlight()).incrementAndGet();
                        assertThat(result).isInstanceOfAny(Busy.class, PurchaseResult.KeyInFlight.class);
                        Thread.sleep(Duration.ofMillis(20));
                    }
                    if (answered.incrementAndGet() == buyers * names.size() / 3) {
                        outage.countDown();
                    }
                    return null;
                });
            }
        }
        ExecutorService clients =
                Executors.newFixedThreadPool(32, Thread.ofVirtual().factory());
        try {
            List<Future<Void>> running = calls.stream().map(clients::submit).toList();
            outage.await();
            postgres.stop();
            await().atMost(Duration.ofMinutes(2)).until(() -> busyDuringOutage.get() >= 100);
            postgres.start();
            for (Future<Void> call : running) {
                call.get();
            }
        } finally {
            clients.shutdownNow();
        }

        for (String name : names) {
            Tally tally = tallies.get(name);
            SaleAudit audit = skus.audit("restart-" + name).orElseThrow();
            long lost = tally.orders().stream().filter(id -> !orderExists(id)).count();
            System.out.printf(
                    "database restart drill, %s: %d buyers, %d acknowledged before the outage, %d answers 503, %d answers"
                            + " 409 in-flight; orders %d, lost %d, duplicated %d%n",
                    name,
                    buyers,
                    tally.acknowledgedBeforeOutage().get(),
                    tally.busy().get(),
                    tally.inFlight().get(),
                    audit.orders(),
                    lost,
                    audit.duplicateKeys());
            assertThat(tally.orders()).as(name).hasSize(buyers);
            assertThat(audit.orders()).as(name).isEqualTo(buyers);
            assertThat(lost).as(name).isZero();
            assertThat(audit.violations()).as(name).isEmpty();
        }
    }

    /**
     * What a client sees: a store that cannot be reached is a 503, as the web layer answers it, and so is a commit of
     * unknown outcome, however deep in the failure's causes (the batched writer hands its buyers the commit's failure):
     * either way the client retries with the same key.
     */
    private static PurchaseResult answerOf(IdempotentPurchases purchases, PurchaseRequest request) {
        try {
            return purchases.purchase(request);
        } catch (StoreUnavailableException e) {
            return new Busy("database unavailable");
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof OutcomeUnknownException) {
                return new Busy("outcome unknown");
            }
            throw e;
        }
    }

    private boolean orderExists(UUID id) {
        return transactions.required(connection -> Sql.on(connection)
                .queryOne("SELECT EXISTS (SELECT 1 FROM orders WHERE id = ?)", row -> row.getBoolean(1), id));
    }
}
