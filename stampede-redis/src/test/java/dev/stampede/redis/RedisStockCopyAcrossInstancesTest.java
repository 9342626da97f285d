package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.redis.RedisStockPurchase.Steps;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service (two {@link RedisStock}s, each with its own copier, as two processes have) on one Redis
 * and one PostgreSQL find a SKU missing from Redis at once. The one that checks second waits for the first one's copy
 * instead of making its own: a second copy would raise the generation under the first one's takes and fence them out
 * (their buyers answered busy), which is what answered 85 of 400 buyers busy behind HAProxy (issue 13). And when the
 * first one stalls past its lease (time is a {@link MutableClock}: the leases expire by it), the copy the second one
 * makes meanwhile stands. Both instances' copies stop at a latch in {@code newCopy} when the test asks them to.
 */
class RedisStockCopyAcrossInstancesTest {

    private final String prefix = "copies-" + UUID.randomUUID() + ":";
    private final StockCopies durable = RedisSale.copies(TestDatabase.dataSource());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:00:00Z"));

    /** The first instance's durable side: its copy stops after its check of Redis, before the generation is raised. */
    private final HeldCopies stalledCopy = new HeldCopies(durable);

    private final RedisStock firstStock =
            RedisStock.of(TestRedis.connection().sync(), prefix, RedisSale.SKUS, stalledCopy, clock);
    private final RedisStockPurchase first =
            new RedisStockPurchase(firstStock, RedisSale.WRITES, Steps.NONE, PurchaseListener.NONE);

    /** The second instance: a take of it stops at a latch before its order is written, when the test asks. */
    private final CountDownLatch secondTook = new CountDownLatch(1);

    private final CountDownLatch secondGoesOn = new CountDownLatch(1);
    private volatile boolean holdSecondsTakes;
    private final RedisStockPurchase second = new RedisStockPurchase(
            RedisStock.of(TestRedis.connection().sync(), prefix, RedisSale.SKUS, durable, clock),
            RedisSale.WRITES,
            new Steps() {
                @Override
                public void taken(WriteAheadRecord record) {
                    if (holdSecondsTakes) {
                        secondTook.countDown();
                        Latches.await(secondGoesOn);
                    }
                }
            },
            PurchaseListener.NONE);

    @AfterEach
    void stop() {
        stalledCopy.goOn.countDown();
        secondGoesOn.countDown();
        first.close();
        second.close();
    }

    @Test
    void anInstanceThatFindsTheSkuMissingWhileAnotherCopiesItWaitsForThatCopyAndNoBuyerIsAnsweredBusy() {
        String sku = RedisSale.newSku(10);
        CompletableFuture<PurchaseResult> ann = async(() -> first.purchase(PurchaseRequest.of(sku, "ann", 1)));
        Latches.await(stalledCopy.copying);

        CompletableFuture<PurchaseResult> ben = async(() -> second.purchase(PurchaseRequest.of(sku, "ben", 1)));
        await("the second instance waits while the first copies the SKU")
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !ben.isDone());
        stalledCopy.goOn.countDown();

        assertThat(ann.join()).isInstanceOf(Purchased.class);
        assertThat(ben.join()).isInstanceOf(Purchased.class);
        assertThat(firstStock.scripts().generation(sku))
                .as("one copy made, not one per instance")
                .isEqualTo(OptionalLong.of(1));
        assertTwoUnitsSoldOnceFromTen(sku);
    }

    /**
     * The bad re-copy behind a killed instance's short sale (issue 13): the first instance's copier checks Redis and
     * PostgreSQL, then stalls (in the sale, a buyer waiting for a pooled connection) until its lease has lapsed; the
     * second instance takes the lease, copies the SKU and sells from it. Before the compare-and-set the first one then
     * raised the generation anyway and put a copy of the whole stock into Redis, fencing out the second one's take
     * that was not durable yet: its buyer was answered busy.
     */
    @Test
    void aCopierThatWakesAfterItsLeaseLapsedAndAnotherInstanceCopiedTheSkuLeavesThatCopySellingAndFencesNoTake() {
        String sku = RedisSale.newSku(10);
        CompletableFuture<PurchaseResult> ann = async(() -> first.purchase(PurchaseRequest.of(sku, "ann", 1)));
        Latches.await(stalledCopy.copying);
        clock.advance(RedisStockCopier.LEASE_TTL.plusSeconds(1));

        holdSecondsTakes = true;
        CompletableFuture<PurchaseResult> ben = async(() -> second.purchase(PurchaseRequest.of(sku, "ben", 1)));
        Latches.await(secondTook);
        assertThat(firstStock.scripts().generation(sku))
                .as("the second instance's copy")
                .isEqualTo(OptionalLong.of(1));
        stalledCopy.goOn.countDown();
        assertThat(ann.join())
                .as("the first instance's buyer, from the copy that stands")
                .isInstanceOf(Purchased.class);
        secondGoesOn.countDown();

        assertThat(ben.join())
                .as("the take made before the stalled copier woke")
                .isInstanceOf(Purchased.class);
        assertThat(firstStock.scripts().generation(sku))
                .as("the stalled copier made no copy of its own")
                .isEqualTo(OptionalLong.of(1));
        assertTwoUnitsSoldOnceFromTen(sku);
    }

    private void assertTwoUnitsSoldOnceFromTen(String sku) {
        SaleAudit audit = first.skus().audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.unitsInOrders()).isEqualTo(2);
        assertThat(audit.stock()).isEqualTo(8);
    }

    private static <T> CompletableFuture<T> async(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, command -> Thread.ofVirtual().start(command));
    }
}
