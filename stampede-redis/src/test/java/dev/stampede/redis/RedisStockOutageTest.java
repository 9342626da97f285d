package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.IdempotentPurchases;
import dev.stampede.core.sale.KnownSoldOut;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.testkit.ConcurrentCalls;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis owned by the test, stopped and started again empty under a {@code redis} sale (issue 13, item 5): while it
 * is down every purchase answers busy (never sold out), selling resumes when it returns (the SKU put back into Redis
 * from PostgreSQL's orders), and nothing is sold twice across the outage.
 */
class RedisStockOutageTest {

    private final OwnRedis redis = new OwnRedis();
    private final RedisStockPurchase strategy = new RedisStockPurchase(
            redis.connection().sync(),
            "outage-" + UUID.randomUUID() + ":",
            RedisSale.SKUS,
            RedisSale.copies(TestDatabase.dataSource()),
            RedisSale.WRITES,
            Clock.systemUTC(),
            PurchaseListener.NONE);
    private final KnownSoldOut soldOut = new KnownSoldOut(strategy);
    private final PurchaseStrategy sales =
            new IdempotentPurchases(soldOut, RedisSale.IDEMPOTENCY, soldOut::isKnownSoldOut);

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void whileRedisIsDownPurchasesAnswerBusyNotSoldOutAndSellingResumesWhenItReturnsEmpty() {
        String sku = RedisSale.newSku(3);
        PurchaseRequest first = new PurchaseRequest(sku, "alice", 2, "k-" + UUID.randomUUID());
        Purchased bought = (Purchased) sales.purchase(first);

        redis.stop();

        assertThat(sales.purchase(new PurchaseRequest(sku, "bob", 1, "k-" + UUID.randomUUID())))
                .isEqualTo(new Busy("redis unavailable"));
        assertThat(sales.purchase(PurchaseRequest.of(sku, "bob", 1))).isEqualTo(new Busy("redis unavailable"));
        assertThat(soldOut.isKnownSoldOut(sku)).isFalse();

        redis.start();

        PurchaseResult resumed = await().atMost(Duration.ofSeconds(60))
                .until(() -> sales.purchase(PurchaseRequest.of(sku, "bob", 1)), result -> !(result instanceof Busy));
        assertThat(resumed).isInstanceOf(Purchased.class);
        assertThat(sales.purchase(PurchaseRequest.of(sku, "carol", 1))).isEqualTo(new SoldOut(0));
        assertThat(sales.purchase(first)).isEqualTo(new Purchased(bought.order(), true));
        SaleAudit audit = strategy.skus().audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isEqualTo(2);
        assertThat(audit.stock()).isZero();
    }

    @Test
    void buyersRetryingTheirKeysAcrossARedisRestartAreSoldTheStockExactlyOnce() throws InterruptedException {
        String sku = RedisSale.newSku(40);
        CountDownLatch aThirdAnswered = new CountDownLatch(20);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch busySeen = new CountDownLatch(10);
        AtomicInteger busyAnswers = new AtomicInteger();
        Thread outage = Thread.ofVirtual().start(() -> {
            try {
                aThirdAnswered.await();
                redis.stop();
                stopped.countDown();
                busySeen.await();
                redis.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        List<PurchaseResult> results = ConcurrentCalls.run(8, 60, i -> {
            if (i >= 20) {
                Latches.await(stopped);
            }
            PurchaseRequest request = new PurchaseRequest(sku, "buyer-" + i, 1, "key-" + i);
            PurchaseResult result = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> sales.purchase(request), answer -> {
                        if (answer instanceof Busy) {
                            busyAnswers.incrementAndGet();
                            busySeen.countDown();
                            return false;
                        }
                        return true;
                    });
            aThirdAnswered.countDown();
            return result;
        });
        outage.join(Duration.ofMinutes(1));

        assertThat(busyAnswers.get()).isGreaterThanOrEqualTo(10);
        assertThat(results).allMatch(r -> r instanceof Purchased || r.equals(new SoldOut(0)));
        assertThat(results).filteredOn(Purchased.class::isInstance).hasSize(40);
        SaleAudit audit = strategy.skus().audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isEqualTo(40);
        assertThat(audit.stock()).isZero();
    }
}
