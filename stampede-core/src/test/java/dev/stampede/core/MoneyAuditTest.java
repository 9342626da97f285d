package dev.stampede.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.transfer.MoneyAudit;
import dev.stampede.core.transfer.TransferRequest;
import org.junit.jupiter.api.Test;

class MoneyAuditTest {

    @Test
    void conservedMoneyWithMatchingLedgersPasses() {
        assertThat(new MoneyAudit(10, 1_000, 900, 100, 42, 0, 0, 0, 0).passed()).isTrue();
    }

    @Test
    void eachBrokenInvariantIsNamed() {
        assertThat(new MoneyAudit(10, 1_000, 990, 0, 1, 0, 0, 0, 0).violations())
                .containsExactly("money not conserved: balances 990 + reserved 0 != opening 1000");
        assertThat(new MoneyAudit(10, 1_000, 1_000, 0, 1, 1, 2, 3, 4).violations())
                .hasSize(4);
    }

    @Test
    void accountsAreOrderedByIdSoThatLocksAreTakenInOneOrder() {
        TransferRequest ab = TransferRequest.of("a", "b", 5);
        TransferRequest ba = TransferRequest.of("b", "a", 5);

        assertThat(ab.first()).isEqualTo("a").isEqualTo(ba.first());
        assertThat(ab.second()).isEqualTo("b").isEqualTo(ba.second());
    }
}
