package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.testkit.SaleFuzz;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The fuzz that every safe strategy passes catches the unsafe one: the audit can fail. */
class UnsafeReadModifyWritePurchaseTest {

    @Test
    void readModifyWriteWithoutALockOversellsUnderTheContractFuzz() {
        String sku = "unsafe-" + System.nanoTime();
        JdbcPurchaseContract.SKUS.create(sku, "test item", "unsafe", 500);

        SaleFuzz.Outcome outcome = SaleFuzz.run(
                JdbcPurchaseContract.STRATEGIES.named("unsafe").orElseThrow(),
                64,
                1_000,
                i -> PurchaseRequest.of(sku, "buyer-" + i, 1));

        SaleAudit audit = JdbcPurchaseContract.SKUS.audit(sku).orElseThrow();
        assertThat(outcome.of(Purchased.class)).hasSizeGreaterThan(500);
        assertThat(audit.orders()).isEqualTo(outcome.of(Purchased.class).size());
        assertThat(audit.passed()).isFalse();
        assertThat(audit.oversold()).isPositive();
    }

    /**
     * The per-buyer case of the contract catches a limit checked before it is acted on: the same 8 buyers racing, each
     * limited to 3, end up holding more (found by the audit, which sums their orders).
     */
    @Test
    void aLimitCheckedThenActedOnLetsTheSameBuyersPassIt() {
        String sku = "unsafe-limit-" + System.nanoTime();
        JdbcPurchaseContract.SKUS.create(sku, "test item", "unsafe", 10_000, OptionalInt.of(3));

        SaleFuzz.run(
                JdbcPurchaseContract.STRATEGIES.named("unsafe").orElseThrow(),
                64,
                640,
                i -> PurchaseRequest.of(sku, "same-" + (i % 8), 1));

        SaleAudit audit = JdbcPurchaseContract.SKUS.audit(sku).orElseThrow();
        assertThat(audit.buyersOverLimit()).isPositive();
        assertThat(audit.unitsInOrders()).isGreaterThan(24);
        assertThat(audit.passed()).isFalse();
    }
}
