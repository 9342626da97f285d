package dev.stampede.core.transfer;

import java.util.Optional;

/**
 * Where accounts are opened and read back, and where the money is audited. Balances are changed only by a {@link
 * TransferStrategy}, never through this port. Amounts are in minor units (cents).
 *
 * <p>Every method is one atomic step of the store. Each throws {@link dev.stampede.core.StoreUnavailableException} when
 * the store cannot be reached or refuses the work for a transient reason; nothing was changed then.
 */
public interface AccountStore {

    /**
     * Opens an account with {@code openingBalance} as its balance.
     *
     * @return false if the id is taken (nothing changed then): of concurrent opens of one id exactly one wins
     */
    boolean open(String id, long openingBalance);

    /** The account as stored now; empty if no account has this id. */
    Optional<Account> find(String id);

    /**
     * Every invariant of the money over the accounts whose id starts with {@code idPrefix} (all accounts: empty) and the
     * transfers they pay, read from one snapshot. The invariants hold for such a subset as long as its accounts only
     * transfer among themselves (as a bench run's accounts do). Sums are exact, beyond a {@code long} if need be.
     */
    MoneyAudit audit(String idPrefix);

    /** The same over all accounts. */
    default MoneyAudit audit() {
        return audit("");
    }
}
