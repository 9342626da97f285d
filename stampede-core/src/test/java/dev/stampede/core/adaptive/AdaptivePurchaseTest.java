package dev.stampede.core.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseStrategy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The switching of {@link AdaptivePurchase} over two stand-in paths whose answers tell which path a buyer took. */
class AdaptivePurchaseTest {

    private static final PurchaseResult OPTIMISTIC_ANSWER = new SoldOut(1);
    private static final PurchaseResult BATCHED_ANSWER = new SoldOut(2);

    /** Escalates once one purchase met a conflict; steps down at the first calm arrival. */
    private static final AdaptiveSettings TOUCHY =
            new AdaptiveSettings(0.1, 0.05, Duration.ofSeconds(1), 1, Duration.ZERO);

    private final ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger optimisticCalls = new AtomicInteger();
    private final AtomicInteger batchedCalls = new AtomicInteger();
    private final List<String> switches = new CopyOnWriteArrayList<>();

    /** A buyer named {@code conflicted} waits for {@link #release}, then reports two attempts, one a conflict. */
    private final CountedPurchase optimistic = (request, tally) -> {
        optimisticCalls.incrementAndGet();
        if (request.buyerId().equals("conflicted")) {
            waitFor(release);
            tally.attempted(2, 1);
        } else {
            tally.attempted(1, 0);
        }
        return OPTIMISTIC_ANSWER;
    };

    private final PurchaseStrategy batched = new PurchaseStrategy() {
        @Override
        public String name() {
            return "batched";
        }

        @Override
        public PurchaseResult purchase(PurchaseRequest request) {
            batchedCalls.incrementAndGet();
            return BATCHED_ANSWER;
        }
    };

    private final AdaptivePurchase adaptive = adaptive(TOUCHY);

    /** One optimistic turn per SKU, so that a second buyer waits for it. */
    private AdaptivePurchase adaptive(AdaptiveSettings settings) {
        return new AdaptivePurchase(
                optimistic,
                batched,
                ConflictRateRule.perSku(settings),
                1,
                Duration.ofSeconds(30),
                Clock.systemUTC(),
                new PurchaseListener() {
                    @Override
                    public void modeSwitched(String strategy, String skuId, String direction) {
                        switches.add(strategy + " " + skuId + " " + direction);
                    }
                });
    }

    @AfterEach
    void stop() {
        release.countDown();
        buyers.shutdownNow();
    }

    @Test
    void aSkuStartsOptimistic() {
        assertThat(adaptive.mode("new")).contains("optimistic");
        assertThat(adaptive.purchase(PurchaseRequest.of("new", "buyer", 1))).isEqualTo(OPTIMISTIC_ANSWER);
        assertThat(adaptive.mode("new")).contains("optimistic");
        assertThat(switches).isEmpty();
    }

    @Test
    void buyersWaitingForAnOptimisticTurnGoToTheBatchedPathOnceAHerdEscalatesTheSku() {
        // A herd is 4 buyers in flight: the fifth, finding them, escalates the SKU on arrival.
        AdaptivePurchase herded = adaptive(new AdaptiveSettings(0.1, 0.05, Duration.ofSeconds(1), 4, Duration.ZERO));
        CompletableFuture<PurchaseResult> first = buy(herded, "hot", "conflicted");
        await().until(() -> optimisticCalls.get() == 1);
        List<CompletableFuture<PurchaseResult>> waiting =
                List.of(buy(herded, "hot", "second"), buy(herded, "hot", "third"), buy(herded, "hot", "fourth"));
        await().until(() -> herded.waiting() == 3);
        assertThat(herded.mode("hot")).contains("optimistic");

        assertThat(herded.purchase(PurchaseRequest.of("hot", "fifth", 1))).isEqualTo(BATCHED_ANSWER);

        assertThat(waiting).allSatisfy(answer -> assertThat(answer.join()).isEqualTo(BATCHED_ANSWER));
        release.countDown();
        assertThat(first.join()).isEqualTo(OPTIMISTIC_ANSWER);
        assertThat(optimisticCalls).hasValue(1);
        assertThat(batchedCalls).hasValue(4);
        assertThat(switches).containsExactly("adaptive hot escalate");
    }

    @Test
    void anEscalatedSkuIsShownBatchedAndStepsBackWhenCalm() {
        CompletableFuture<PurchaseResult> first = buy("hot", "conflicted");
        await().until(() -> optimisticCalls.get() == 1);
        release.countDown();
        first.join();
        assertThat(adaptive.mode("hot")).contains("batched");

        // A lone arrival is calm and the cool-down is 0: it steps the SKU down and is sold optimistically.
        assertThat(adaptive.purchase(PurchaseRequest.of("hot", "calm", 1))).isEqualTo(OPTIMISTIC_ANSWER);

        assertThat(adaptive.mode("hot")).contains("optimistic");
        assertThat(switches).containsExactly("adaptive hot escalate", "adaptive hot step_down");
    }

    @Test
    void eachSkuHasItsOwnMode() {
        CompletableFuture<PurchaseResult> first = buy("hot", "conflicted");
        await().until(() -> optimisticCalls.get() == 1);
        release.countDown();
        first.join();

        assertThat(adaptive.mode("hot")).contains("batched");
        assertThat(adaptive.mode("cold")).contains("optimistic");
    }

    @Test
    void aBuyerWhoFindsTheRuleBusyWithAnotherArrivalIsNotCountedAndDoesNotWaitForIt() {
        CountDownLatch counting = new CountDownLatch(1);
        AtomicInteger arrivals = new AtomicInteger();
        List<Integer> counted = new CopyOnWriteArrayList<>();
        // Escalates at the first arrival; takes its time over the second.
        ModeRule slowToCountTheSecond = new ModeRule() {
            @Override
            public Mode arrived(Mode mode, int inFlight, long nowMillis) {
                counted.add(inFlight);
                if (arrivals.incrementAndGet() == 2) {
                    counting.countDown();
                    waitFor(release);
                }
                return Mode.BATCHED;
            }

            @Override
            public Mode attempted(Mode mode, int attempts, int conflicts, long nowMillis) {
                return mode;
            }
        };
        AdaptivePurchase strategy = new AdaptivePurchase(
                optimistic,
                batched,
                () -> slowToCountTheSecond,
                1,
                Duration.ofSeconds(30),
                Clock.systemUTC(),
                PurchaseListener.NONE);
        assertThat(strategy.purchase(PurchaseRequest.of("hot", "first", 1))).isEqualTo(BATCHED_ANSWER);
        CompletableFuture<PurchaseResult> second = buy(strategy, "hot", "second");
        waitFor(counting);

        CompletableFuture<PurchaseResult> third = buy(strategy, "hot", "third");

        await().until(third::isDone);
        assertThat(third.join()).isEqualTo(BATCHED_ANSWER);
        assertThat(second).isNotDone();
        assertThat(counted).as("the third arrival was not counted").containsExactly(0, 0);
        release.countDown();
        assertThat(second.join()).isEqualTo(BATCHED_ANSWER);
    }

    private CompletableFuture<PurchaseResult> buy(String sku, String buyer) {
        return buy(adaptive, sku, buyer);
    }

    private CompletableFuture<PurchaseResult> buy(AdaptivePurchase strategy, String sku, String buyer) {
        return CompletableFuture.supplyAsync(() -> strategy.purchase(PurchaseRequest.of(sku, buyer, 1)), buyers);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
