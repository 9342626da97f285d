package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.adaptive.AdaptivePurchase;
import dev.stampede.core.adaptive.Mode;
import dev.stampede.core.adaptive.ModeRule;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.testkit.SaleFuzz;
import org.junit.jupiter.api.Test;

/**
 * The whole purchase contract for {@code adaptive} with a rule that switches every SKU between its two paths every
 * {@value #SWITCH_EVERY} arrivals, so that purchases are in flight on both paths across every switch: the counts stay
 * exact (issue 15 item 1: "in-flight attempts across a switch stay correct").
 */
class AdaptiveSwitchingFuzzTest extends AdaptiveContract {

    private static final int SWITCH_EVERY = 25;
    private static final SwitchCounts COUNTS = new SwitchCounts();
    private static final AdaptivePurchase ADAPTIVE = adaptive(SwitchingEveryFewArrivals::new, COUNTS);

    /** Switches the SKU's mode at every {@value #SWITCH_EVERY}th arrival, whatever the purchases saw. */
    private static final class SwitchingEveryFewArrivals implements ModeRule {

        private int arrivals;

        @Override
        public Mode arrived(Mode mode, int inFlight, long nowMillis) {
            if (++arrivals % SWITCH_EVERY != 0) {
                return mode;
            }
            return mode == Mode.OPTIMISTIC ? Mode.BATCHED : Mode.OPTIMISTIC;
        }

        @Override
        public Mode attempted(Mode mode, int attempts, int conflicts, long nowMillis) {
            return mode;
        }
    }

    @Override
    AdaptivePurchase adaptive() {
        return ADAPTIVE;
    }

    @Test
    void buyersInFlightOnBothPathsAcrossManySwitchesBuyExactlyTheStock() {
        String sku = newSku(500);
        int escalatedBefore = COUNTS.escalations.get();
        int steppedDownBefore = COUNTS.stepDowns.get();
        int optimisticBefore = COUNTS.optimisticPurchases.get();
        int batchesBefore = COUNTS.batches.get();

        SaleFuzz.Outcome outcome = SaleFuzz.run(ADAPTIVE, 64, 1_000, i -> PurchaseRequest.of(sku, "buyer-" + i, 1));

        assertThat(outcome.of(Purchased.class)).hasSize(500);
        assertThat(outcome.of(SoldOut.class)).hasSize(500);
        assertThat(outcome.of(Purchased.class)).extracting(p -> p.order().id()).doesNotHaveDuplicates();
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.stock()).isZero();
        assertThat(audit.orders()).isEqualTo(500);
        // 1,000 arrivals or more (busy answers are asked again), of which the rule counts those that did not find it
        // busy with another (17 of 20 possible escalations in one run): many switches each way, both paths used.
        assertThat(COUNTS.escalations.get() - escalatedBefore).isGreaterThanOrEqualTo(5);
        assertThat(COUNTS.stepDowns.get() - steppedDownBefore).isGreaterThanOrEqualTo(5);
        assertThat(COUNTS.optimisticPurchases.get()).isGreaterThan(optimisticBefore);
        assertThat(COUNTS.batches.get()).isGreaterThan(batchesBefore);
    }
}
