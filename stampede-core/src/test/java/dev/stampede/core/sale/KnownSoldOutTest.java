package dev.stampede.core.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.PurchaseResult.SoldOut;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KnownSoldOutTest {

    @Test
    void afterTheFirstSoldOutAnswerTheDelegateIsNotAskedAgain() {
        AtomicInteger calls = new AtomicInteger();
        PurchaseStrategy empty = new FixedAnswer(calls, new SoldOut(0));
        KnownSoldOut strategy = new KnownSoldOut(empty);

        assertThat(strategy.purchase(PurchaseRequest.of("a", "b1", 1))).isEqualTo(new SoldOut(0));
        assertThat(strategy.purchase(PurchaseRequest.of("a", "b2", 1))).isEqualTo(new SoldOut(0));

        assertThat(calls).hasValue(1);
        assertThat(strategy.isKnownSoldOut("a")).isTrue();
        assertThat(strategy.isKnownSoldOut("other")).isFalse();
    }

    @Test
    void insufficientStockIsNotRememberedAsSoldOut() {
        AtomicInteger calls = new AtomicInteger();
        KnownSoldOut strategy = new KnownSoldOut(new FixedAnswer(calls, new SoldOut(2)));

        strategy.purchase(PurchaseRequest.of("a", "b1", 3));
        strategy.purchase(PurchaseRequest.of("a", "b2", 3));

        assertThat(calls).hasValue(2);
        assertThat(strategy.isKnownSoldOut("a")).isFalse();
    }

    @Test
    void whenUnitsComeBackTheStoreIsAskedAgain() {
        AtomicInteger calls = new AtomicInteger();
        KnownSoldOut strategy = new KnownSoldOut(new FixedAnswer(calls, new SoldOut(0)));
        strategy.purchase(PurchaseRequest.of("a", "b1", 1));

        strategy.stockReturned("a");

        assertThat(strategy.isKnownSoldOut("a")).isFalse();
        strategy.purchase(PurchaseRequest.of("a", "b2", 1));
        assertThat(calls).hasValue(2);
    }

    /**
     * The store answered sold out before the units came back, and the answer arrives after the news: it must not be
     * remembered, or the SKU would be answered sold out from memory while it has stock.
     */
    @Test
    void aSoldOutReadInFlightWhenUnitsComeBackIsNotRemembered() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        KnownSoldOut strategy = new KnownSoldOut(new PurchaseStrategy() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public PurchaseResult purchase(PurchaseRequest request) {
                asked.countDown();
                awaitQuietly(answer);
                return new SoldOut(0);
            }
        });
        Thread buyer = Thread.ofVirtual().start(() -> strategy.purchase(PurchaseRequest.of("a", "b1", 1)));
        asked.await();

        strategy.stockReturned("a");
        answer.countDown();
        buyer.join();

        assertThat(strategy.isKnownSoldOut("a")).isFalse();
    }

    @Test
    void theNewsIsPassedToTheDelegate() {
        List<String> heard = new CopyOnWriteArrayList<>();
        KnownSoldOut strategy = new KnownSoldOut(new PurchaseStrategy() {
            @Override
            public String name() {
                return "listening";
            }

            @Override
            public PurchaseResult purchase(PurchaseRequest request) {
                return new SoldOut(0);
            }

            @Override
            public void stockReturned(String skuId) {
                heard.add(skuId);
            }

            @Override
            public void stockMayHaveReturned() {
                heard.add("*");
            }
        });

        strategy.stockReturned("a");
        strategy.stockMayHaveReturned();

        assertThat(heard).containsExactly("a", "*");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record FixedAnswer(AtomicInteger calls, PurchaseResult answer) implements PurchaseStrategy {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public PurchaseResult purchase(PurchaseRequest request) {
            calls.incrementAndGet();
            return answer;
        }
    }
}
