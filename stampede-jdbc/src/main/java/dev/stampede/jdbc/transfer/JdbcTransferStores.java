package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.AccountStore;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;

/** The store of accounts on PostgreSQL or MariaDB; the strategies that transfer are {@link JdbcTransferStrategies}. */
public final class JdbcTransferStores {

    private JdbcTransferStores() {}

    /** Accounts and the money audit; {@code clock} stamps their opening. */
    public static AccountStore accounts(Transactions transactions, Clock clock) {
        return new JdbcAccountStore(transactions, clock);
    }
}
