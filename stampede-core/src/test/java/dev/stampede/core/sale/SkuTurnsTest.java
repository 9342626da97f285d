package dev.stampede.core.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SkuTurnsTest {

    private static final Duration PATIENT = Duration.ofSeconds(30);
    private static final PurchaseResult ANSWER = new SoldOut(7);

    private final ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor();
    private final Gate gate = new Gate();

    @AfterEach
    void stop() {
        gate.open.countDown();
        buyers.shutdownNow();
    }

    private CompletableFuture<PurchaseResult> buy(SkuTurns turns, String sku, String buyer) {
        return CompletableFuture.supplyAsync(() -> turns.purchase(PurchaseRequest.of(sku, buyer, 1)), buyers);
    }

    @Test
    void atMostMaxInFlightPurchasesOfOneSkuAreInsideTheStrategyAndTheRestWaitForTheirTurn() {
        SkuTurns turns = new SkuTurns(gate, sku -> false, 3, PATIENT);

        List<CompletableFuture<PurchaseResult>> answers = IntStream.range(0, 50)
                .mapToObj(i -> buy(turns, "hot", "buyer-" + i))
                .toList();
        await().until(() -> gate.inside.get() == 3 && turns.waiting() == 47);
        gate.open.countDown();

        assertThat(answers.stream().map(CompletableFuture::join)).hasSize(50).allMatch(ANSWER::equals);
        assertThat(gate.mostInside).hasValue(3);
        assertThat(gate.calls).hasValue(50);
        assertThat(turns.waiting()).isZero();
    }

    @Test
    void aHotSkuDoesNotHoldUpTheBuyersOfAnother() {
        Gate cold = new Gate();
        cold.open.countDown();
        SkuTurns turns = new SkuTurns(new Split(gate, cold), sku -> false, 1, PATIENT);
        CompletableFuture<PurchaseResult> hot = buy(turns, "hot", "holder");
        await().until(() -> gate.inside.get() == 1);

        assertThat(turns.purchase(PurchaseRequest.of("cold", "other", 1))).isEqualTo(ANSWER);
        assertThat(hot).isNotDone();
    }

    @Test
    void aBuyerWhoseTurnDoesNotComeWithinTheWaitIsAnsweredBusyAndNeverReachesTheStrategy() {
        SkuTurns turns = new SkuTurns(gate, sku -> false, 1, Duration.ofMillis(50));
        buy(turns, "hot", "holder");
        await().until(() -> gate.inside.get() == 1);

        PurchaseResult late = turns.purchase(PurchaseRequest.of("hot", "late", 1));

        assertThat(late).isInstanceOf(Busy.class);
        assertThat(gate.calls).hasValue(1);
        assertThat(turns.waiting()).isZero();
    }

    @Test
    void buyersOfASkuAnsweredFromMemorySkipTheQueue() {
        AtomicInteger remembered = new AtomicInteger();
        Gate memory = new Gate();
        memory.open.countDown();
        SkuTurns turns = new SkuTurns(new Split(gate, memory), sku -> remembered.get() > 0, 1, Duration.ofMillis(50));
        buy(turns, "hot", "holder");
        await().until(() -> gate.inside.get() == 1);
        remembered.set(1);

        assertThat(turns.purchase(PurchaseRequest.of("hot", "after-sell-out", 1)))
                .isEqualTo(ANSWER);
        assertThat(memory.calls).hasValue(1);
    }

    @Test
    void boundsOutOfRangeAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SkuTurns(gate, sku -> false, 0, PATIENT));
        assertThatIllegalArgumentException().isThrownBy(() -> new SkuTurns(gate, sku -> false, 1, Duration.ZERO));
    }

    /** A strategy that holds every buyer until it is opened, counting how many are inside at once. */
    private static final class Gate implements PurchaseStrategy {
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "gate";
        }

        @Override
        public PurchaseResult purchase(PurchaseRequest request) {
            calls.incrementAndGet();
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                open.await();
                return ANSWER;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Busy("interrupted");
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    /** Sends the buyer "holder" of the SKU "hot" to one strategy and every other purchase to another. */
    private record Split(PurchaseStrategy holder, PurchaseStrategy others) implements PurchaseStrategy {
        @Override
        public String name() {
            return "split";
        }

        @Override
        public PurchaseResult purchase(PurchaseRequest request) {
            boolean held = request.skuId().equals("hot") && request.buyerId().equals("holder");
            return held ? holder.purchase(request) : others.purchase(request);
        }
    }
}
