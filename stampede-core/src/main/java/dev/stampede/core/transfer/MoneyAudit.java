package dev.stampede.core.transfer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The invariants of all accounts, read in one snapshot. The sums of balances are exact integers of any size: each
 * opening balance may be up to 10^18 minor units, and a few such accounts already sum beyond a {@code long}.
 *
 * @param opening the sum of opening balances
 * @param balances the sum of current balances
 * @param reserved the sum of funds reserved by transfers not settled yet
 * @param negativeAccounts accounts whose balance or reservation is below zero
 * @param ledgerMismatches accounts whose balance + reserved differs from opening balance + their ledger entries
 * @param unbalancedTransfers settled transfers whose ledger entries do not sum to zero or are not exactly two
 * @param duplicateKeys (account, idempotency key) pairs applied to more than one transfer
 */
public record MoneyAudit(
        long accounts,
        BigInteger opening,
        BigInteger balances,
        BigInteger reserved,
        long transfers,
        long negativeAccounts,
        long ledgerMismatches,
        long unbalancedTransfers,
        long duplicateKeys) {

    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (!balances.add(reserved).equals(opening)) {
            violations.add("money not conserved: balances %d + reserved %d != opening %d"
                    .formatted(balances, reserved, opening));
        }
        if (negativeAccounts > 0) {
            violations.add(negativeAccounts + " accounts below zero");
        }
        if (ledgerMismatches > 0) {
            violations.add(ledgerMismatches + " accounts disagree with their ledger");
        }
        if (unbalancedTransfers > 0) {
            violations.add(unbalancedTransfers + " transfers without a balanced ledger pair");
        }
        if (duplicateKeys > 0) {
            violations.add(duplicateKeys + " idempotency keys applied more than once");
        }
        return List.copyOf(violations);
    }

    public boolean passed() {
        return violations().isEmpty();
    }
}
