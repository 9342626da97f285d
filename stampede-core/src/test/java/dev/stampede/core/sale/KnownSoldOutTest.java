package dev.stampede.core.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.PurchaseResult.SoldOut;
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
