package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.testkit.SaleFuzz;
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
}
