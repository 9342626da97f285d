package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.OrderStore.Placement;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.core.sale.StockCopies.Placing;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.redis.GroupCommittedOrders.Failed;
import dev.stampede.redis.GroupCommittedOrders.Landed;
import dev.stampede.redis.GroupCommittedOrders.Landing;
import dev.stampede.redis.RedisStockPurchase.Steps;
import dev.stampede.redis.RedisStockPurchase.Writes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The durable writes of the {@code redis} strategy are group-committed (issue 13 item 2 for {@code redis}): many buyers'
 * orders in one transaction, each buyer answered 201 only once its own order is durable, one member that cannot be
 * stored failing alone, and a bounded queue. The first batch is held in the durable store (a latch) so that the buyers
 * behind it queue up.
 */
class RedisStockGroupCommitTest {

    /** The test database's copies, the first {@code placeAll} held until released; every batch's size recorded. */
    private static final class HeldCopies implements StockCopies {

        final StockCopies copies = RedisSale.copies(TestDatabase.dataSource());
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch firstArrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public OptionalLong generation(String skuId) {
            return copies.generation(skuId);
        }

        @Override
        public Optional<Copy> newCopy(String skuId, long replacing) {
            return copies.newCopy(skuId, replacing);
        }

        @Override
        public Placements placeAll(String skuId, long generation, List<Placing> placings) {
            batches.add(placings.size());
            if (batches.size() == 1) {
                firstArrived.countDown();
                Latches.await(release);
            }
            return copies.placeAll(skuId, generation, placings);
        }
    }

    private final HeldCopies copies = new HeldCopies();
    private final RedisStock stock = RedisStock.of(
            TestRedis.connection().sync(),
            "group-" + UUID.randomUUID() + ":",
            RedisSale.SKUS,
            copies,
            Clock.systemUTC());
    private final List<UUID> notDurableWhenAnswered = new CopyOnWriteArrayList<>();
    private final Steps checksDurability = new Steps() {
        @Override
        public void placed(WriteAheadRecord record) {
            if (!stored(record.orderId())) {
                notDurableWhenAnswered.add(record.orderId());
            }
        }
    };
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<Integer> reportedBatches = new CopyOnWriteArrayList<>();
    private final AtomicReference<IntSupplier> queueDepth = new AtomicReference<>();

    /** The meters' view: the batch sizes and the queue depth reported under the strategy's name. */
    private final PurchaseListener meters = new PurchaseListener() {
        @Override
        public void batch(String strategy, int size) {
            assertThat(strategy).isEqualTo("redis");
            reportedBatches.add(size);
        }

        @Override
        public void queueDepth(String strategy, IntSupplier depth) {
            assertThat(strategy).isEqualTo("redis");
            queueDepth.set(depth);
        }
    };

    @AfterEach
    void release() throws Exception {
        copies.release.countDown();
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
    }

    private RedisStockPurchase strategy(int queueCapacity) {
        RedisStockPurchase strategy = new RedisStockPurchase(
                stock, new Writes(queueCapacity, 500, Duration.ofMinutes(1)), checksDurability, meters);
        closing.add(strategy);
        return strategy;
    }

    @Test
    void theOrdersOfBuyersWhoArriveWhileABatchCommitsAreWrittenTogetherAndEachIsDurableBeforeIts201() {
        RedisStockPurchase strategy = strategy(1_000);
        String sku = RedisSale.newSku(30);
        CompletableFuture<PurchaseResult> first = heldFirst(strategy, sku);
        List<CompletableFuture<PurchaseResult>> queued = queueBehindIt(strategy, sku, 20);

        copies.release.countDown();

        assertThat(first.join()).isInstanceOf(Purchased.class);
        assertThat(queued.stream().map(CompletableFuture::join)).allMatch(Purchased.class::isInstance);
        assertThat(copies.batches).containsExactly(1, 20);
        assertThat(reportedBatches).containsExactly(1, 20);
        assertThat(queueDepth.get().getAsInt()).isZero();
        assertThat(notDurableWhenAnswered).isEmpty();
        SaleAudit audit = strategy.skus().audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isEqualTo(21);
        assertThat(audit.stock()).isEqualTo(9);
    }

    @Test
    void aBuyerWhoFindsItsCopysQueueFullIsWrittenOnItsOwnInsteadOfWaiting() {
        RedisStockPurchase strategy = strategy(2);
        String sku = RedisSale.newSku(10);
        CompletableFuture<PurchaseResult> first = heldFirst(strategy, sku);
        List<CompletableFuture<PurchaseResult>> queued = queueBehindIt(strategy, sku, 2);

        PurchaseResult overflow = strategy.purchase(PurchaseRequest.of(sku, "overflow", 1));

        assertThat(overflow).isInstanceOf(Purchased.class);
        assertThat(queueDepth.get().getAsInt()).isEqualTo(2);
        copies.release.countDown();
        assertThat(first.join()).isInstanceOf(Purchased.class);
        assertThat(queued.stream().map(CompletableFuture::join)).allMatch(Purchased.class::isInstance);
        assertThat(strategy.skus().audit(sku).orElseThrow().orders()).isEqualTo(4);
        assertThat(notDurableWhenAnswered).isEmpty();
    }

    @Test
    void aMemberThatCannotBeStoredFailsAloneAndTheRestOfItsBatchIsWritten() {
        String sku = RedisSale.newSku(10);
        long generation = copies.copies.newCopy(sku, 0).orElseThrow().generation();
        UUID taken = UUID.randomUUID();
        copies.copies.placeAll(sku, generation, List.of(new Placing(taken, PurchaseRequest.of(sku, "owner", 1))));
        GroupCommittedOrders orders =
                new GroupCommittedOrders(copies, 100, 500, Duration.ofMinutes(1), "redis", meters);
        closing.add(orders);
        CompletableFuture<Landing> first = async(() ->
                orders.place(record(sku, generation, UUID.randomUUID()), placing(UUID.randomUUID(), sku, "first")));
        Latches.await(copies.firstArrived);
        List<CompletableFuture<Landing>> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID orderId = i == 3 ? taken : UUID.randomUUID();
            String buyer = "member-" + i;
            batch.add(async(() -> orders.place(record(sku, generation, orderId), placing(orderId, sku, buyer))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> queueDepth.get().getAsInt() == 6);

        copies.release.countDown();

        assertThat(first.join()).isInstanceOf(Landed.class);
        for (int i = 0; i < 6; i++) {
            Landing landing = batch.get(i).join();
            if (i == 3) {
                assertThat(landing).isEqualTo(new Failed());
            } else {
                assertThat(landing)
                        .isInstanceOfSatisfying(
                                Landed.class,
                                landed -> assertThat(landed.placement()).isInstanceOf(Placement.Placed.class));
            }
        }
        SaleAudit audit = RedisSale.SKUS.audit(sku).orElseThrow();
        assertThat(audit.orders()).isEqualTo(7);
        assertThat(audit.stock()).isEqualTo(3);
    }

    /** A first buyer, its batch held in the durable store. */
    private CompletableFuture<PurchaseResult> heldFirst(RedisStockPurchase strategy, String sku) {
        CompletableFuture<PurchaseResult> first = async(() -> strategy.purchase(PurchaseRequest.of(sku, "first", 1)));
        Latches.await(copies.firstArrived);
        return first;
    }

    /** {@code count} buyers whose orders wait in the queue behind the held batch. */
    private List<CompletableFuture<PurchaseResult>> queueBehindIt(RedisStockPurchase strategy, String sku, int count) {
        List<CompletableFuture<PurchaseResult>> queued = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PurchaseRequest request = PurchaseRequest.of(sku, "queued-" + i, 1);
            queued.add(async(() -> strategy.purchase(request)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> queueDepth.get().getAsInt() == count);
        return queued;
    }

    private static WriteAheadRecord record(String sku, long generation, UUID orderId) {
        return new WriteAheadRecord(orderId, sku, generation, "buyer", 1, null, Instant.now());
    }

    private static Placing placing(UUID orderId, String sku, String buyer) {
        return new Placing(orderId, PurchaseRequest.of(sku, buyer, 1));
    }

    private static <T> CompletableFuture<T> async(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, command -> Thread.ofVirtual().start(command));
    }

    private static boolean stored(UUID orderId) {
        try (Connection connection = TestDatabase.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT 1 FROM orders WHERE id = ?")) {
            select.setObject(1, orderId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
