package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.OverBuyerLimit;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import dev.stampede.redis.RedisStockFaultsTest.Crash;
import dev.stampede.redis.RedisStockPurchase.Steps;
import dev.stampede.redis.RedisStockReconciler.Repairs;
import dev.stampede.testkit.ConcurrentCalls;
import dev.stampede.testkit.MutableClock;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The copy of the stock in Redis loses writes while purchases are between their take and their durable write (issue
 * 13 item 1 for {@code redis}): Redis flushed, or a copy with more stock than the durable record (a failover to a
 * lagging replica). The generation fence ({@link StockCopies}) lets PostgreSQL decide: never more units sold than the
 * stock, every 201 has its order, and a buyer whose take came from a lost copy is answered busy, sold nothing.
 */
class RedisStockFencingTest {

    private static final int HELD = 5;

    private final OwnRedis redis = new OwnRedis();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final StockCopies copies = JdbcSaleStores.stockCopies(new Transactions(TestDatabase.dataSource()), clock);
    private final RedisStock stock = RedisStock.of(
            redis.connection().sync(), "fencing-" + UUID.randomUUID() + ":", RedisSale.SKUS, copies, clock);
    private final RedisStockPurchase survivor =
            new RedisStockPurchase(stock, RedisSale.WRITES, Steps.NONE, PurchaseListener.NONE);
    private final CountDownLatch taken = new CountDownLatch(HELD);
    private final CountDownLatch release = new CountDownLatch(1);
    private final RedisStockPurchase heldAfterTheTake = new RedisStockPurchase(
            stock,
            RedisSale.WRITES,
            new Steps() {
                @Override
                public void taken(WriteAheadRecord record) {
                    taken.countDown();
                    Latches.await(release);
                }
            },
            PurchaseListener.NONE);

    @AfterEach
    void stop() {
        release.countDown();
        redis.close();
    }

    @Test
    void purchasesHeldBetweenTheirTakeAndTheirDurableWriteWhileRedisIsFlushedSellNothingAndNoUnitIsSoldTwice() {
        String sku = RedisSale.newSku(10);
        List<CompletableFuture<PurchaseResult>> held = new ArrayList<>();
        for (int i = 0; i < HELD; i++) {
            PurchaseRequest request = PurchaseRequest.of(sku, "held-" + i, 1);
            held.add(CompletableFuture.supplyAsync(
                    () -> heldAfterTheTake.purchase(request),
                    command -> Thread.ofVirtual().start(command)));
        }
        Latches.await(taken);

        redis.connection().sync().flushall();
        List<PurchaseResult> during =
                ConcurrentCalls.run(5, 5, i -> survivor.purchase(PurchaseRequest.of(sku, "during-" + i, 1)));
        release.countDown();
        List<PurchaseResult> heldResults =
                held.stream().map(CompletableFuture::join).toList();
        SaleAudit between = survivor.skus().audit(sku).orElseThrow();
        List<PurchaseResult> after =
                ConcurrentCalls.run(8, 8, i -> survivor.purchase(PurchaseRequest.of(sku, "after-" + i, 1)));

        assertThat(heldResults).containsOnly(new Busy("the stock in redis was stale"));
        assertThat(during).allMatch(Purchased.class::isInstance);
        assertThat(between.violations()).isEmpty();
        assertThat(between.unitsInOrders()).isEqualTo(5);
        assertThat(between.stock()).isEqualTo(5);
        assertThat(after).filteredOn(Purchased.class::isInstance).hasSize(5);
        assertThat(after).filteredOn(SoldOut.class::isInstance).hasSize(3);
        List<Purchased> acknowledged = new ArrayList<>();
        Stream.concat(during.stream(), after.stream())
                .filter(Purchased.class::isInstance)
                .forEach(r -> acknowledged.add((Purchased) r));
        assertThat(storedOrders(acknowledged)).isEqualTo(10);
        SaleAudit audit = survivor.skus().audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.unitsInOrders()).isEqualTo(10);
        assertThat(audit.stock()).isZero();
    }

    @Test
    void aBuyersUnitsUnderAPerBuyerLimitAreRebuiltFromTheDurableOrdersWhenRedisLosesThem() {
        String sku = RedisSale.newSku(10, OptionalInt.of(2));
        assertThat(survivor.purchase(PurchaseRequest.of(sku, "ann", 2))).isInstanceOf(Purchased.class);

        redis.connection().sync().flushall();

        assertThat(survivor.purchase(PurchaseRequest.of(sku, "ann", 1))).isEqualTo(new OverBuyerLimit(2, 2));
        assertThat(survivor.purchase(PurchaseRequest.of(sku, "ben", 2))).isInstanceOf(Purchased.class);
        SaleAudit audit = survivor.skus().audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.buyersOverLimit()).isZero();
        assertThat(audit.stock()).isEqualTo(6);
    }

    @Test
    void aCopyWithMoreStockThanTheDurableRecordSellsOnlyTheDurableStock() {
        String sku = RedisSale.newSku(2);
        assertThat(survivor.purchase(PurchaseRequest.of(sku, "first", 1))).isInstanceOf(Purchased.class);
        // A lagging replica promoted: the copy of the same generation has 3 more units than PostgreSQL.
        stock.redis().hincrby(stock.keys().meta(sku), "stock", 3);

        List<PurchaseResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(survivor.purchase(PurchaseRequest.of(sku, "buyer-" + i, 1)));
        }

        assertThat(results).filteredOn(Purchased.class::isInstance).hasSize(1);
        assertThat(results.get(1)).isEqualTo(new Busy("the stock in redis was stale"));
        assertThat(results.subList(2, 4)).containsOnly(new SoldOut(0));
        SaleAudit audit = survivor.skus().audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.unitsInOrders()).isEqualTo(2);
    }

    @Test
    void theReconcilerDropsARecordTakenFromACopyThatANewerOneReplacedAndSellsNothingForIt() {
        String sku = RedisSale.newSku(3);
        RedisStockPurchase dies = new RedisStockPurchase(
                stock, RedisSale.WRITES, RedisStockFaultsTest.crashAfterTheTake(), PurchaseListener.NONE);
        try {
            dies.purchase(PurchaseRequest.of(sku, "gone", 2));
        } catch (Crash expected) {
            // the record stays pending in Redis, its order not written
        }
        // Another instance, on another Redis, copied the SKU meanwhile: this copy is stale.
        assertThat(copies.newCopy(sku, 1)).isPresent();
        clock.advance(Duration.ofMinutes(1));

        Repairs repairs = survivor.reconciler(Duration.ofSeconds(10)).reconcile();

        assertThat(repairs.redrivenOrders()).isZero();
        assertThat(repairs.droppedRecords()).isEqualTo(1);
        assertThat(stock.redis().zcard(stock.keys().pending(sku))).isZero();
        SaleAudit audit = survivor.skus().audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isZero();
        assertThat(audit.stock()).isEqualTo(3);
        assertThat(survivor.purchase(PurchaseRequest.of(sku, "next", 3))).isInstanceOf(Purchased.class);
    }

    /** How many of the acknowledged orders PostgreSQL holds. */
    static long storedOrders(List<Purchased> acknowledged) {
        try (Connection connection = TestDatabase.dataSource().getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT count(*) FROM orders WHERE id = ANY (?::uuid[])")) {
            Array ids = connection.createArrayOf(
                    "text",
                    acknowledged.stream().map(p -> p.order().id().toString()).toArray());
            select.setArray(1, ids);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
