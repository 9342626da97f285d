package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.IdempotentPurchases;
import dev.stampede.core.sale.KnownSoldOut;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.jdbc.FaultyDataSource;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.redis.RedisStockPurchase.Steps;
import dev.stampede.redis.RedisStockReconciler.Repairs;
import dev.stampede.testkit.ConcurrentCalls;
import dev.stampede.testkit.MutableClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The failure modes of public flash-sale ("seckill") projects, each against the {@code redis} strategy (issue 13, item
 * 3), and its reconciliation (item 4). A crash is a {@link Crash} thrown at a test hook between two steps of a
 * purchase: nothing after it runs, as if the process had died there; another strategy on the same Redis and
 * PostgreSQL then carries on. Time is a {@link MutableClock}: the reconciler re-drives a record once it is older than
 * {@link #REDRIVE_AFTER}.
 */
class RedisStockFaultsTest {

    private static final Duration REDRIVE_AFTER = Duration.ofSeconds(10);

    /** The process died here. */
    static final class Crash extends Error {
        Crash(String where) {
            super("the service died " + where);
        }
    }

    private final MutableClock clock = new MutableClock(Instant.now());
    private final String prefix = "faults-" + UUID.randomUUID() + ":";
    private final FaultyDataSource database = new FaultyDataSource(TestDatabase.dataSource());
    private final RedisStock stock =
            RedisStock.of(TestRedis.connection().sync(), prefix, RedisSale.SKUS, RedisSale.copies(database), clock);
    private final RedisStockPurchase survivor =
            new RedisStockPurchase(stock, RedisSale.WRITES, Steps.NONE, PurchaseListener.NONE);
    private final RedisStockReconciler reconciler = survivor.reconciler(REDRIVE_AFTER);
    private final SkuStore skus = survivor.skus();
    private final RedisStockPurchase diesAfterTheTake =
            new RedisStockPurchase(stock, RedisSale.WRITES, crashAfterTheTake(), PurchaseListener.NONE);

    /** Hooks at which the service dies once a purchase has taken its units. */
    static Steps crashAfterTheTake() {
        return new Steps() {
            @Override
            public void taken(WriteAheadRecord record) {
                throw new Crash("after the take");
            }
        };
    }

    @Test
    void aDatabaseWriteThatFailsAfterTheTakeLeavesARecordThatTheReconcilerTurnsIntoItsOrder() {
        String sku = copied(RedisSale.newSku(5));
        database.failNextConnection(new SQLTransientConnectionException("injected", "08001"));

        assertThatThrownBy(() -> survivor.purchase(PurchaseRequest.of(sku, "alice", 2)))
                .isInstanceOf(OutcomeUnknownException.class);

        assertThat(audit(sku).orders()).isZero();
        assertThat(pending(sku)).isEqualTo(1);
        assertThat(reconciler.reconcile()).isEqualTo(new Repairs(0, 0, 0, 0));

        clock.advance(REDRIVE_AFTER);
        Repairs repairs = reconciler.reconcile();

        assertThat(repairs).isEqualTo(new Repairs(1, 2, 0, 0));
        assertAgrees(sku, 3, 1);
        assertThat(pending(sku)).isZero();
        assertThat(reconciler.reconcile()).isEqualTo(new Repairs(0, 0, 0, 0));
    }

    @Test
    void aCrashBetweenTheTakeAndTheDurableWriteAcknowledgesNothingAndItsKeyedRetryBuysOnce() {
        String sku = RedisSale.newSku(5);
        PurchaseRequest request = new PurchaseRequest(sku, "bob", 1, "click-" + UUID.randomUUID());
        AtomicBoolean durableAtTheCrash = new AtomicBoolean(true);
        PurchaseStrategy dying = idempotent(new RedisStockPurchase(
                stock,
                RedisSale.WRITES,
                new Steps() {
                    @Override
                    public void taken(WriteAheadRecord record) {
                        durableAtTheCrash.set(audit(sku).orders() > 0);
                        throw new Crash("after the take");
                    }
                },
                PurchaseListener.NONE));

        assertThatThrownBy(() -> dying.purchase(request)).isInstanceOf(Crash.class);
        Purchased retried = (Purchased) idempotent(survivor).purchase(request);

        assertThat(durableAtTheCrash).isFalse();
        assertThat(retried.replayed()).isFalse();
        assertThat(idempotent(survivor).purchase(request)).isEqualTo(new Purchased(retried.order(), true));
        assertAgrees(sku, 4, 1);
        clock.advance(REDRIVE_AFTER);
        assertThat(reconciler.reconcile()).isEqualTo(new Repairs(0, 0, 0, 0));
        assertAgrees(sku, 4, 1);
    }

    @Test
    void aTakeWhoseAnswerTimesOutIsAnsweredOutcomeUnknownNotBusyBecauseRedisStillRunsIt() {
        String sku = copied(RedisSale.newSku(5));
        PurchaseRequest request = new PurchaseRequest(sku, "kim", 1, "timeout-" + UUID.randomUUID());
        RedisClient client = RedisClient.create(TestRedis.url());
        try (StatefulRedisConnection<String, String> impatient = client.connect()) {
            impatient.setTimeout(Duration.ofMillis(100));
            RedisStockPurchase slow = new RedisStockPurchase(
                    RedisStock.of(impatient.sync(), prefix, RedisSale.SKUS, RedisSale.copies(database), clock),
                    RedisSale.WRITES,
                    Steps.NONE,
                    PurchaseListener.NONE);
            // Redis holds every client's commands for 600 ms: the take's answer is given up on, the take is not.
            TestRedis.connection().sync().clientPause(600);

            assertThatThrownBy(() -> idempotent(slow).purchase(request)).isInstanceOf(OutcomeUnknownException.class);
            // Redis runs it once the pause ends (a connection closed before would take its unread commands with it).
            await().atMost(Duration.ofSeconds(10)).until(() -> pending(sku) == 1);
        } finally {
            client.shutdown();
        }

        Purchased retried = (Purchased) idempotent(survivor).purchase(request);
        assertThat(retried.order().quantity()).isEqualTo(1);
        assertAgrees(sku, 4, 1);
    }

    @Test
    void aTakeSentTwiceUnderOneOrderIdTakesOnceEvenWithoutAnIdempotencyKey() {
        String sku = copied(RedisSale.newSku(5));
        UUID orderId = UUID.randomUUID();
        PurchaseRequest request = PurchaseRequest.of(sku, "lee", 2);

        // Lettuce re-sends a command written before a reconnect (at-least-once): the same script, the same order id.
        StockScripts.Take first = stock.scripts().take(orderId, request, clock.instant());
        StockScripts.Take again = stock.scripts().take(orderId, request, clock.instant());

        assertThat(first).isInstanceOf(StockScripts.Taken.class);
        assertThat(again).isInstanceOf(StockScripts.Known.class);
        assertThat(((StockScripts.Known) again).record()).isEqualTo(((StockScripts.Taken) first).record());
        assertThat(pending(sku)).isEqualTo(1);
        clock.advance(REDRIVE_AFTER);
        assertThat(reconciler.reconcile().redrivenOrders()).isEqualTo(1);
        assertAgrees(sku, 3, 1);
    }

    @Test
    void aCrashAfterTheDurableWriteLeavesARecordThatTheReconcilerSettlesWithoutWritingItAgain() {
        String sku = RedisSale.newSku(5);
        PurchaseStrategy dying = new RedisStockPurchase(
                stock,
                RedisSale.WRITES,
                new Steps() {
                    @Override
                    public void placed(WriteAheadRecord record) {
                        throw new Crash("after the commit");
                    }
                },
                PurchaseListener.NONE);

        assertThatThrownBy(() -> dying.purchase(PurchaseRequest.of(sku, "carol", 2)))
                .isInstanceOf(Crash.class);
        clock.advance(REDRIVE_AFTER);
        Repairs repairs = reconciler.reconcile();

        assertThat(repairs.redrivenOrders()).isEqualTo(1);
        assertAgrees(sku, 3, 1);
        assertThat(pending(sku)).isZero();
    }

    @Test
    void aReconcilerThatCannotWriteTheOrderKeepsTheRecordPendingInsteadOfDroppingIt() {
        String sku = RedisSale.newSku(3);
        crashAfterTheTake(sku, "dave", 1);
        clock.advance(REDRIVE_AFTER);
        database.failNextConnection(new SQLTransientConnectionException("injected", "08001"));

        assertThatThrownBy(reconciler::reconcile).isInstanceOf(StoreUnavailableException.class);

        assertThat(pending(sku)).isEqualTo(1);
        assertThat(audit(sku).orders()).isZero();
        assertThat(reconciler.reconcile().redrivenOrders()).isEqualTo(1);
        assertAgrees(sku, 2, 1);
    }

    @Test
    void aRecordWrittenByItsRequestAndByManyReconcilersAtOnceBecomesOneOrder() {
        String sku = RedisSale.newSku(3);
        crashAfterTheTake(sku, "erin", 1);
        clock.advance(REDRIVE_AFTER);

        List<Repairs> runs = ConcurrentCalls.run(
                8, 8, i -> survivor.reconciler(REDRIVE_AFTER).reconcile());

        assertThat(runs).hasSize(8);
        assertAgrees(sku, 2, 1);
        assertThat(audit(sku).unitsInOrders()).isEqualTo(1);
    }

    @Test
    void aKeyRetriedAfterAFailedWriteDecrementsTheStockOnce() {
        String sku = copied(RedisSale.newSku(5));
        PurchaseRequest request = new PurchaseRequest(sku, "frank", 2, "retry-" + UUID.randomUUID());
        database.failNextConnection(new SQLTransientConnectionException("injected", "08001"));

        assertThatThrownBy(() -> idempotent(survivor).purchase(request)).isInstanceOf(OutcomeUnknownException.class);
        Purchased retried = (Purchased) idempotent(survivor).purchase(request);

        assertThat(retried.order().quantity()).isEqualTo(2);
        assertAgrees(sku, 3, 1);
    }

    @Test
    void theWriteAheadRecordsOfASkuAreBoundedByItsStockNotByItsBuyers() {
        String sku = RedisSale.newSku(10);

        List<Object> outcomes = ConcurrentCalls.run(16, 16, i -> {
            try {
                return diesAfterTheTake.purchase(PurchaseRequest.of(sku, "buyer-" + i, 1));
            } catch (Crash crash) {
                return crash;
            }
        });
        List<Object> late = ConcurrentCalls.run(
                16, 16, i -> (Object) diesAfterTheTake.purchase(PurchaseRequest.of(sku, "late-" + i, 1)));

        assertThat(outcomes).filteredOn(Crash.class::isInstance).hasSize(10);
        assertThat(late).containsOnly(new SoldOut(0));
        assertThat(pending(sku)).isEqualTo(10);
        clock.advance(REDRIVE_AFTER);
        assertThat(reconciler.reconcile().redrivenOrders()).isEqualTo(10);
        assertAgrees(sku, 0, 10);
    }

    @Test
    void driftInjectedIntoRedisIsRepairedFromPostgresAndCounted() {
        String sku = RedisSale.newSku(10);
        survivor.purchase(PurchaseRequest.of(sku, "gail", 3));
        stock.redis().hincrby(stock.keys().meta(sku), "stock", 4);

        assertThat(audit(sku).violations()).isNotEmpty();
        assertThat(reconciler.reconcile()).isEqualTo(new Repairs(0, 0, 0, 4));

        assertAgrees(sku, 7, 1);
        stock.redis().hincrby(stock.keys().meta(sku), "stock", -2);
        assertThat(reconciler.reconcile()).isEqualTo(new Repairs(0, 0, 0, 2));
        assertAgrees(sku, 7, 1);
        assertThat(audit(sku).repairedUnits()).isEqualTo(6);
    }

    @Test
    void aSkuWhoseStockKeyIsGoneIsPutBackFromPostgresOrders() {
        String sku = RedisSale.newSku(4);
        survivor.purchase(PurchaseRequest.of(sku, "hal", 3));
        stock.redis().del(stock.keys().of(sku).toArray(String[]::new));

        assertThat(survivor.purchase(PurchaseRequest.of(sku, "ivy", 2))).isEqualTo(new SoldOut(1));
        assertThat(survivor.purchase(PurchaseRequest.of(sku, "ivy", 1))).isInstanceOf(Purchased.class);
        assertAgrees(sku, 0, 2);
    }

    /** The SKU, copied into Redis already, so that a fault injected next hits the durable write. */
    private String copied(String sku) {
        assertThat(stock.copier().copy(sku, OptionalLong.empty())).isTrue();
        return sku;
    }

    private void crashAfterTheTake(String sku, String buyer, int quantity) {
        assertThatThrownBy(() -> diesAfterTheTake.purchase(PurchaseRequest.of(sku, buyer, quantity)))
                .isInstanceOf(Crash.class);
    }

    private static PurchaseStrategy idempotent(PurchaseStrategy strategy) {
        KnownSoldOut soldOut = new KnownSoldOut(strategy);
        return new IdempotentPurchases(soldOut, RedisSale.IDEMPOTENCY, soldOut::isKnownSoldOut);
    }

    private SaleAudit audit(String sku) {
        return skus.audit(sku).orElseThrow();
    }

    private long pending(String sku) {
        return stock.redis().zcard(stock.keys().pending(sku));
    }

    private void assertAgrees(String sku, int stockLeft, long orders) {
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.stock()).isEqualTo(stockLeft);
        assertThat(audit.orders()).isEqualTo(orders);
        assertThat(audit.duplicateKeys()).isZero();
    }
}
