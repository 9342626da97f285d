package dev.stampede.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.transfer.MoneyAudit;
import dev.stampede.core.transfer.TransferRequest;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class MoneyAuditTest {

    @Test
    void conservedMoneyWithMatchingLedgersPasses() {
        assertThat(audit(1_000, 900, 100, 0).passed()).isTrue();
    }

    @Test
    void eachBrokenInvariantIsNamed() {
        assertThat(audit(1_000, 990, 0, 0).violations())
                .containsExactly("money not conserved: balances 990 + reserved 0 != opening 1000");
        assertThat(new MoneyAudit(10, big(1_000), big(1_000), big(0), 1, 1, 2, 3, 4).violations())
                .hasSize(4);
    }

    @Test
    void sumsBeyondALongAreComparedExactly() {
        BigInteger tenTimesTenToThe18 = BigInteger.TEN.pow(19);

        assertThat(new MoneyAudit(10, tenTimesTenToThe18, tenTimesTenToThe18.subtract(big(5)), big(5), 3, 0, 0, 0, 0)
                        .passed())
                .isTrue();
        assertThat(new MoneyAudit(10, tenTimesTenToThe18, tenTimesTenToThe18, big(1), 3, 0, 0, 0, 0).violations())
                .containsExactly("money not conserved: balances 10000000000000000000 + reserved 1"
                        + " != opening 10000000000000000000");
    }

    private static MoneyAudit audit(long opening, long balances, long reserved, long negativeAccounts) {
        return new MoneyAudit(10, big(opening), big(balances), big(reserved), 42, negativeAccounts, 0, 0, 0);
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    @Test
    void accountsAreOrderedByIdSoThatLocksAreTakenInOneOrder() {
        TransferRequest ab = TransferRequest.of("a", "b", 5);
        TransferRequest ba = TransferRequest.of("b", "a", 5);

        assertThat(ab.first()).isEqualTo("a").isEqualTo(ba.first());
        assertThat(ab.second()).isEqualTo("b").isEqualTo(ba.second());
    }
}
