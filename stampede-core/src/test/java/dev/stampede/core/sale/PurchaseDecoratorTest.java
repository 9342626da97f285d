package dev.stampede.core.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The three decorators stacked as the service stacks them are, but for the purchase, the strategy they decorate: its
 * name, its traits, its mode per SKU, and every notice reaches it.
 */
class PurchaseDecoratorTest {

    private final Probe strategy = new Probe();
    private final PurchaseStrategy decorated = new IdempotentPurchases(
            new SkuTurns(new KnownSoldOut(strategy), sku -> false, 1, Duration.ofSeconds(1)), new UnusedStore());

    @Test
    void theDecoratedStrategyShowsTheNameTraitsAndModeOfTheOneItDecorates() {
        assertThat(decorated.name()).isEqualTo("probe");
        assertThat(decorated.ordersItsOwnBuyers()).isTrue();
        assertThat(decorated.serializesOnOneRow()).isTrue();
        assertThat(decorated.mode("sku-1")).hasValue("batched sku-1");
    }

    @Test
    void everyNoticeReachesTheDecoratedStrategy() {
        decorated.putOnSale("sku-1");
        decorated.stockReturned("sku-2");
        decorated.stockMayHaveReturned();

        assertThat(strategy.notices).containsExactly("on sale sku-1", "returned sku-2", "may have returned");
    }

    /** A strategy whose traits differ from the defaults, recording the notices it is given. */
    private static final class Probe implements PurchaseStrategy {
        final List<String> notices = new ArrayList<>();

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public PurchaseResult purchase(PurchaseRequest request) {
            throw new UnsupportedOperationException("not bought from in this test");
        }

        @Override
        public boolean ordersItsOwnBuyers() {
            return true;
        }

        @Override
        public boolean serializesOnOneRow() {
            return true;
        }

        @Override
        public Optional<String> mode(String skuId) {
            return Optional.of("batched " + skuId);
        }

        @Override
        public void putOnSale(String skuId) {
            notices.add("on sale " + skuId);
        }

        @Override
        public void stockReturned(String skuId) {
            notices.add("returned " + skuId);
        }

        @Override
        public void stockMayHaveReturned() {
            notices.add("may have returned");
        }
    }

    /** No purchase is made here, so the idempotency store is never asked. */
    private static final class UnusedStore implements IdempotencyStore {
        @Override
        public Claim claim(String buyerId, String key, String fingerprint) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Claim> find(String buyerId, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void end(String buyerId, String key, UUID token, boolean ordered) {
            throw new UnsupportedOperationException();
        }
    }
}
