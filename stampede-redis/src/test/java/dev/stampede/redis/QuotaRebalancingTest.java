package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.redis.QuotaScripts.Transfer;
import dev.stampede.testkit.MutableClock;
import dev.stampede.testkit.SaleFuzz;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shares moving between the buckets of a {@code quota} SKU (issue 16 item 2): buckets drained unevenly by many buyers
 * sell exactly the stock; the last unit is sold from the farthest bucket; and a crash between taking a share out of a
 * bucket and crediting it to another (a {@link Crash} thrown at the test hook between the two steps, as if the process
 * died there) loses no unit and counts none twice once the reconciler ran. Each case runs on the test Redis and on a
 * real Redis Cluster. Time is a {@link MutableClock}: the reconciler acts on records older than {@link #REDRIVE_AFTER}.
 */
class QuotaRebalancingTest {

    private static final Duration REDRIVE_AFTER = Duration.ofSeconds(10);

    /** The process died here. */
    static final class Crash extends Error {
        Crash(String where) {
            super("the service died " + where);
        }
    }

    private final MutableClock clock = new MutableClock(Instant.now());
    private final String prefix = "rebalancing-" + UUID.randomUUID() + ":";
    /** Buyers short at home that started to wait for their turn, where a test counts them. */
    private final AtomicInteger turns = new AtomicInteger();

    private QuotaStock stock(String redis, int buckets) {
        return stock(redis, QuotaLayout.oneRegion(buckets));
    }

    private QuotaStock stock(String redis, QuotaLayout layout) {
        return QuotaStock.of(
                TestRedisClusterCommands.of(redis), prefix, layout, RedisSale.copies(TestDatabase.dataSource()), clock);
    }

    private static QuotaPurchase strategy(QuotaStock stock, QuotaPurchase.Steps steps) {
        return new QuotaPurchase(stock, RedisSale.WRITES, steps, PurchaseListener.NONE);
    }

    /** A strategy that runs {@code awaiting} each time a buyer short at home starts to wait for its turn. */
    private static QuotaPurchase awaitingTurns(QuotaStock stock, Runnable awaiting) {
        return strategy(stock, new QuotaPurchase.Steps() {
            @Override
            public void awaitingTurn(String skuId) {
                awaiting.run();
            }
        });
    }

    /**
     * 64 threads, 3,000 purchases of 1 to 3 units by 500 buyers, 300 units in 32 buckets of 9 or 10: homes run dry at
     * different times and shares move. Exactly the stock is sold to the crowd, no buyer answered sold out while its
     * quantity was left (nothing left behind for a last buyer, no false sold-out); every answer is a sale or sold out,
     * none busy (the first buyers, arriving while the SKU is copied into its buckets one by one, wait for the copy).
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"redis", "cluster"})
    void manyBuyersDrainingSmallBucketsUnevenlySellExactlyTheStock(String redis) {
        QuotaStock stock = stock(redis, 32);
        QuotaPurchase quota = strategy(stock, QuotaPurchase.Steps.NONE);
        String sku = RedisSale.newSku("quota", 300, OptionalInt.empty());

        SaleFuzz.Outcome outcome =
                SaleFuzz.run(quota, 64, 3_000, i -> PurchaseRequest.of(sku, "buyer-" + (i * 7919 % 500), 1 + i % 3));
        int sold = outcome.of(Purchased.class).stream()
                .mapToInt(p -> p.order().quantity())
                .sum();
        int leftBehind = drain(quota, sku);

        assertThat(outcome.results()).allMatch(r -> r instanceof Purchased || r instanceof SoldOut);
        assertThat(outcome.busyAnswers())
                .as("buyers answered busy, the first ones while the SKU was being copied")
                .isZero();
        assertThat(sold).isEqualTo(300);
        assertThat(leftBehind).isZero();
        assertThat(quota.falseSoldOuts()).isZero();
        assertThat(quota.sharesMoved()).isPositive();
        SaleAudit audit = RedisSale.SKUS.audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.unitsInOrders()).isEqualTo(300);
        assertThat(audit.stock()).isZero();
        assertThat(inBuckets(stock, sku, 32)).isZero();
        assertThat(stock.buckets().left(sku, 32)).hasValue(0);
    }

    /**
     * 8 units in 8 buckets, one buyer: after its home bucket, each unit sits in another bucket, the last in the bucket
     * its sweep reaches last; all 8 are sold, then the buyer is told sold out with nothing left.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"redis", "cluster"})
    void theLastUnitIsSoldWhenItSitsInTheFarthestBucket(String redis) {
        QuotaStock stock = stock(redis, 8);
        QuotaPurchase quota = strategy(stock, QuotaPurchase.Steps.NONE);
        String sku = RedisSale.newSku("quota", 8, OptionalInt.empty());

        List<PurchaseResult> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(quota.purchase(PurchaseRequest.of(sku, "patient", 1)));
        }

        assertThat(results).allMatch(Purchased.class::isInstance);
        assertThat(quota.sharesMoved()).isEqualTo(7);
        assertThat(quota.purchase(PurchaseRequest.of(sku, "patient", 1))).isEqualTo(new SoldOut(0));
        assertThat(quota.falseSoldOuts()).isZero();
        assertThat(RedisSale.SKUS.audit(sku).orElseThrow().unitsInOrders()).isEqualTo(8);
    }

    /**
     * Two regions of two buckets each (0 and 1, 2 and 3: their tags' slots in the first and second half of the range).
     * A buyer at home in bucket 1 empties it, then buys again: the share comes from bucket 0, of its own region, though
     * the sweep of one region would have tried bucket 2 first; the other region's buckets are untouched.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"redis", "cluster"})
    void aDryHomeBucketTakesItsShareFromItsOwnRegionBeforeAnother(String redis) {
        QuotaStock stock = stock(redis, new QuotaLayout(4, 2));
        QuotaPurchase quota = strategy(stock, QuotaPurchase.Steps.NONE);
        String sku = RedisSale.newSku("quota", 8, OptionalInt.empty());
        String buyer = IntStream.iterate(0, i -> i + 1)
                .mapToObj(i -> "regional-" + i)
                .filter(id -> QuotaBuckets.home(id, 4) == 1)
                .findFirst()
                .orElseThrow();

        assertThat(quota.purchase(PurchaseRequest.of(sku, buyer, 2))).isInstanceOf(Purchased.class);
        assertThat(quota.purchase(PurchaseRequest.of(sku, buyer, 1))).isInstanceOf(Purchased.class);

        assertThat(IntStream.range(0, 4).map(bucket -> stock.keys().region(sku, bucket)))
                .containsExactly(0, 0, 1, 1);
        assertThat(quota.sharesMoved()).isOne();
        assertThat(IntStream.range(0, 4).map(bucket -> inBucket(stock, sku, bucket)))
                .containsExactly(1, 0, 2, 2);
        assertThat(RedisSale.SKUS.audit(sku).orElseThrow().unitsInOrders()).isEqualTo(3);
    }

    /**
     * The service dies after a share left its bucket and before the home bucket got it: the share's units are in
     * neither bucket (no buyer can take them), and in its transfer record. The reconciler credits them, and the sale
     * then sells exactly the stock.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"redis", "cluster"})
    void aCrashBetweenTakingAShareAndCreditingItLosesNoUnit(String redis) {
        QuotaStock stock = stock(redis, 4);
        QuotaPurchase survivor = strategy(stock, QuotaPurchase.Steps.NONE);
        QuotaPurchase diesMidMove = strategy(stock, new QuotaPurchase.Steps() {
            @Override
            public void shareTaken(Transfer transfer) {
                throw new Crash("between taking a share and crediting it");
            }
        });
        String sku = RedisSale.newSku("quota", 8, OptionalInt.empty());

        assertThat(diesMidMove.purchase(PurchaseRequest.of(sku, "first", 2))).isInstanceOf(Purchased.class);
        assertThatThrownBy(() -> diesMidMove.purchase(PurchaseRequest.of(sku, "first", 1)))
                .isInstanceOf(Crash.class);
        int inBuckets = inBuckets(stock, sku, 4);
        OptionalInt leftInTransit = stock.buckets().left(sku, 4);
        clock.advance(REDRIVE_AFTER.plusSeconds(1));
        QuotaReconciler.Repairs repairs = survivor.reconciler(REDRIVE_AFTER).reconcile();
        int leftAfter = inBuckets(stock, sku, 4);
        QuotaReconciler.Repairs again = survivor.reconciler(REDRIVE_AFTER).reconcile();

        assertThat(inBuckets).isLessThan(6);
        assertThat(leftInTransit).hasValue(6);
        assertThat(repairs.creditedTransfers()).isOne();
        assertThat(repairs.creditedUnits()).isEqualTo(6 - inBuckets);
        assertThat(leftAfter).isEqualTo(6);
        assertThat(stock.buckets().left(sku, 4)).hasValue(6);
        assertThat(again.creditedTransfers()).isZero();
        assertThat(drain(survivor, sku)).isEqualTo(6);
        assertThat(RedisSale.SKUS.audit(sku).orElseThrow().unitsInOrders()).isEqualTo(8);
    }

    /**
     * The service dies after the share was credited and before its transfer record went: the reconciler finds the
     * record, is answered that the share was credited already, and only drops the record; no unit is counted twice.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"redis", "cluster"})
    void aCrashAfterCreditingAShareCountsNoUnitTwice(String redis) {
        QuotaStock stock = stock(redis, 2);
        QuotaPurchase survivor = strategy(stock, QuotaPurchase.Steps.NONE);
        String sku = RedisSale.newSku("quota", 6, OptionalInt.empty());
        assertThat(survivor.purchase(PurchaseRequest.of(sku, "opener", 1))).isInstanceOf(Purchased.class);
        long generation = stock.buckets().generation(sku, 0).orElseThrow();

        Optional<Transfer> share = stock.transfers().takeShare(sku, generation, 1, 0, 1, clock.instant());
        assertThat(share).isPresent();
        assertThat(stock.transfers().credit(share.get())).isEqualTo(QuotaScripts.Credit.CREDITED);
        clock.advance(REDRIVE_AFTER.plusSeconds(1));
        QuotaReconciler.Repairs repairs = survivor.reconciler(REDRIVE_AFTER).reconcile();

        assertThat(repairs.creditedTransfers()).isZero();
        assertThat(stock.redis().hlen(stock.keys().outgoing(sku, 1))).isZero();
        assertThat(inBuckets(stock, sku, 2)).isEqualTo(5);
        assertThat(drain(survivor, sku)).isEqualTo(5);
    }

    /**
     * Two instances over one Redis. Bucket 1 is empty; a buyer on the first instance moves 2 units out of bucket 0
     * towards bucket 1 and is held at the test hook between taking the share and crediting it, holding the SKU's
     * rebalancing lease. A buyer of 2 at home in bucket 0 (1 unit there) comes to the second instance: bucket 1 is
     * empty, bucket 0 short, 3 units left with 2 of them in flight. It waits for its turn instead of going round the
     * empty buckets and being answered sold out (before the lease it was: three rounds found nothing); once the share
     * lands and the first buyer took its unit, it moves the other and buys its 2.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"redis", "cluster"})
    void aBuyerWhoLooksWhileAnotherInstancesShareIsInFlightIsNotAnsweredSoldOut(String redis) throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch land = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        QuotaPurchase mover = strategy(stock(redis, 2), new QuotaPurchase.Steps() {
            @Override
            public void shareTaken(Transfer transfer) {
                inFlight.countDown();
                Latches.await(land);
            }
        });
        QuotaPurchase looker = awaitingTurns(stock(redis, 2), waiting::countDown);
        String sku = RedisSale.newSku("quota", 5, OptionalInt.empty());
        assertThat(mover.purchase(PurchaseRequest.of(sku, buyerAt(1, 2, "empties"), 2)))
                .isInstanceOf(Purchased.class);

        try (ExecutorService buyers = Executors.newFixedThreadPool(2)) {
            Future<PurchaseResult> moving =
                    buyers.submit(() -> mover.purchase(PurchaseRequest.of(sku, buyerAt(1, 2, "moves"), 1)));
            Latches.await(inFlight);
            Future<PurchaseResult> looking =
                    buyers.submit(() -> looker.purchase(PurchaseRequest.of(sku, buyerAt(0, 2, "looks"), 2)));
            Latches.await(waiting);
            land.countDown();

            assertThat(moving.get()).isInstanceOf(Purchased.class);
            assertThat(looking.get()).isInstanceOf(Purchased.class);
        }
        assertThat(mover.falseSoldOuts() + looker.falseSoldOuts()).isZero();
        assertThat(RedisSale.SKUS.audit(sku).orElseThrow().unitsInOrders()).isEqualTo(5);
    }

    /**
     * A buyer dies with 2 units in transit (a {@link Crash} at the hook between taking the share and crediting it) and
     * its process keeps the SKU's rebalancing lease until it lapses (taken here by the dead process's owner). A buyer
     * of 2 short at home waits for the lease, and once the clock passes its expiry finds the empty buckets, the 2
     * units in flight and enough left: it credits the crashed share itself, before any reconciler run, and buys its
     * 2. Before, it was answered sold out until the reconciler ran.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"redis", "cluster"})
    void aBuyerWhoFindsADeadMovesShareInTransitCreditsItAndIsNotAnsweredSoldOut(String redis) throws Exception {
        QuotaStock stock = stock(redis, 2);
        CountDownLatch waiting = new CountDownLatch(1);
        QuotaPurchase survivor = awaitingTurns(stock, waiting::countDown);
        QuotaPurchase diesMidMove = strategy(stock(redis, 2), new QuotaPurchase.Steps() {
            @Override
            public void shareTaken(Transfer transfer) {
                throw new Crash("between taking a share and crediting it");
            }
        });
        String sku = RedisSale.newSku("quota", 5, OptionalInt.empty());
        assertThat(survivor.purchase(PurchaseRequest.of(sku, buyerAt(1, 2, "empties"), 2)))
                .isInstanceOf(Purchased.class);
        assertThatThrownBy(() -> diesMidMove.purchase(PurchaseRequest.of(sku, buyerAt(1, 2, "dies"), 1)))
                .isInstanceOf(Crash.class);
        assertThat(stock.leases()
                        .acquire(
                                "quota-rebalance:" + sku,
                                "the-dead-process",
                                QuotaPurchase.REBALANCE_LEASE_TTL,
                                Duration.ZERO))
                .isPresent();
        assertThat(inBuckets(stock, sku, 2)).isOne();

        try (ExecutorService buyers = Executors.newSingleThreadExecutor()) {
            Future<PurchaseResult> looking =
                    buyers.submit(() -> survivor.purchase(PurchaseRequest.of(sku, buyerAt(0, 2, "looks"), 2)));
            Latches.await(waiting);
            clock.advance(QuotaPurchase.REBALANCE_LEASE_TTL.plusSeconds(1));

            assertThat(looking.get()).isInstanceOf(Purchased.class);
        }
        assertThat(survivor.falseSoldOuts()).isZero();
        assertThat(stock.redis().hlen(stock.keys().outgoing(sku, 0))).isZero();
        assertThat(inBuckets(stock, sku, 2)).isOne();
        assertThat(stock.buckets().left(sku, 2)).hasValue(1);
        assertThat(RedisSale.SKUS.audit(sku).orElseThrow().unitsInOrders()).isEqualTo(4);
    }

    /**
     * Once a buyer alone with the shares read that the copy has 1 unit left, later buyers of 2 are answered sold out
     * at once, without waiting for a turn; a buyer of 1 whose home bucket is empty still waits for its turn and buys
     * the last unit.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"redis", "cluster"})
    void aBuyerOfMoreThanACopyWasSeenToHaveLeftIsAnsweredSoldOutWithoutATurn(String redis) {
        QuotaPurchase quota = awaitingTurns(stock(redis, 2), turns::incrementAndGet);
        String sku = RedisSale.newSku("quota", 2, OptionalInt.empty());
        assertThat(quota.purchase(PurchaseRequest.of(sku, buyerAt(0, 2, "first"), 1)))
                .isInstanceOf(Purchased.class);

        assertThat(quota.purchase(PurchaseRequest.of(sku, buyerAt(0, 2, "pair"), 2)))
                .isEqualTo(new SoldOut(1));
        assertThat(turns).hasValue(1);
        assertThat(quota.purchase(PurchaseRequest.of(sku, buyerAt(0, 2, "another-pair"), 2)))
                .isEqualTo(new SoldOut(1));
        assertThat(turns).hasValue(1);
        assertThat(quota.purchase(PurchaseRequest.of(sku, buyerAt(1, 2, "single"), 1)))
                .isInstanceOf(Purchased.class);
        assertThat(turns).hasValue(2);
        assertThat(quota.falseSoldOuts()).isZero();
    }

    /**
     * A SKU of one unit has one bucket, the whole copy: a buyer short there is answered sold out from the take's own
     * atomic answer, without a turn (the last ticket's 999 buyers).
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"redis", "cluster"})
    void aBuyerShortInTheOnlyBucketIsAnsweredSoldOutWithoutATurn(String redis) {
        QuotaPurchase quota = awaitingTurns(stock(redis, 8), turns::incrementAndGet);
        String sku = RedisSale.newSku("quota", 1, OptionalInt.empty());

        assertThat(quota.purchase(PurchaseRequest.of(sku, "winner", 1))).isInstanceOf(Purchased.class);
        assertThat(quota.purchase(PurchaseRequest.of(sku, "late", 1))).isEqualTo(new SoldOut(0));
        assertThat(quota.purchase(PurchaseRequest.of(sku, "greedy", 2))).isEqualTo(new SoldOut(0));

        assertThat(turns).hasValue(0);
        assertThat(RedisSale.SKUS.audit(sku).orElseThrow().unitsInOrders()).isOne();
    }

    /** The first buyer id {@code <name>-0}, {@code <name>-1}, … whose home is {@code home} of {@code count} buckets. */
    private static String buyerAt(int home, int count, String name) {
        return IntStream.iterate(0, i -> i + 1)
                .mapToObj(i -> name + "-" + i)
                .filter(id -> QuotaBuckets.home(id, count) == home)
                .findFirst()
                .orElseThrow();
    }

    /** The units in the SKU's buckets' stock (not those in transit between them), one read each. */
    private static int inBuckets(QuotaStock stock, String sku, int count) {
        return IntStream.range(0, count)
                .map(bucket -> inBucket(stock, sku, bucket))
                .sum();
    }

    private static int inBucket(QuotaStock stock, String sku, int bucket) {
        return Integer.parseInt(stock.redis().hget(stock.keys().meta(sku, bucket), "stock"));
    }

    /** Buys one unit at a time, as one buyer, until sold out with nothing left: the units bought. */
    private static int drain(QuotaPurchase quota, String sku) {
        return Math.toIntExact(IntStream.iterate(0, i -> i + 1)
                .mapToObj(i -> quota.purchase(PurchaseRequest.of(sku, "last-buyer", 1)))
                .takeWhile(Purchased.class::isInstance)
                .count());
    }
}
