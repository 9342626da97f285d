package dev.stampede.core.sale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaleAuditTest {

    @Test
    void aConsistentSalePasses() {
        SaleAudit audit = new SaleAudit("s", 10, 3, 7, 7, 0);
        assertThat(audit.passed()).isTrue();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.oversold()).isZero();
    }

    @Test
    void lostUpdatesThatOversellFail() {
        SaleAudit audit = new SaleAudit("s", 500, 0, 731, 731, 0);
        assertThat(audit.passed()).isFalse();
        assertThat(audit.oversold()).isEqualTo(231);
        assertThat(audit.unaccountedUnits()).isEqualTo(231);
        assertThat(audit.violations()).hasSize(2);
    }

    @Test
    void ordersWithoutTheirStockDecrementFailEvenWithinTheInitialStock() {
        SaleAudit audit = new SaleAudit("s", 500, 400, 120, 120, 0);
        assertThat(audit.passed()).isFalse();
        assertThat(audit.oversold()).isZero();
        assertThat(audit.unaccountedUnits()).isEqualTo(20);
    }

    @Test
    void negativeStockAndDuplicateKeysFail() {
        assertThat(new SaleAudit("s", 5, -1, 6, 6, 0).violations()).anyMatch(v -> v.contains("negative"));
        assertThat(new SaleAudit("s", 5, 4, 1, 1, 1).violations()).anyMatch(v -> v.contains("idempotency"));
    }

    @Test
    void aBuyerHoldingMoreThanThePerBuyerLimitFails() {
        SaleAudit audit = new SaleAudit("s", 10, 6, 4, 4, 0, 1, 0, 0);
        assertThat(audit.passed()).isFalse();
        assertThat(audit.violations()).containsExactly("1 buyers hold more units than the per-buyer limit");
    }

    @Test
    void unitsRepairedInTheStocksCopyAreARecordNotAViolation() {
        SaleAudit audit = new SaleAudit("s", 10, 7, 1, 3, 0, 0, 4, 0);

        assertThat(audit.passed()).isTrue();
        assertThat(audit.repairedUnits()).isEqualTo(4);
        assertThat(new SaleAudit("s", 10, 7, 1, 3, 0).repairedUnits()).isZero();
    }
}
