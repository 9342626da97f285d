package dev.stampede.jdbc.transfer;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferResult.InsufficientFunds;
import dev.stampede.core.transfer.TransferResult.UnknownAccount;
import dev.stampede.jdbc.SqlDialect;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Locks both account rows, always the lower id first, so that A→B and B→A queue instead of deadlocking; the lock
 * timeout is set before the first lock. The work happens while both locks are held.
 */
final class PessimisticOrderedLockTransfer extends JdbcTransfer {

    private final SqlDialect dialect;
    private final Duration lockTimeout;

    PessimisticOrderedLockTransfer(
            Transactions transactions,
            TransferLedger ledger,
            RetryPolicy retry,
            Duration work,
            SqlDialect dialect,
            Duration lockTimeout) {
        super(transactions, ledger, retry, work);
        this.dialect = dialect;
        this.lockTimeout = lockTimeout;
    }

    @Override
    public String name() {
        return "pessimistic";
    }

    @Override
    TransferResult attempt(TransferRequest request) throws SQLException {
        return retrying(request, connection -> {
            dialect.setLockTimeout(connection, lockTimeout);
            OptionalLong first = balance(connection, request.first(), dialect.lockRowForUpdate());
            OptionalLong second = balance(connection, request.second(), dialect.lockRowForUpdate());
            if (first.isEmpty()) {
                throw refuse(new UnknownAccount(request.first()));
            }
            if (second.isEmpty()) {
                throw refuse(new UnknownAccount(request.second()));
            }
            long available = request.from().equals(request.first()) ? first.getAsLong() : second.getAsLong();
            if (available < request.amount()) {
                throw refuse(new InsufficientFunds(available));
            }
            work();
            TransferLedger.updatedOne(
                    connection,
                    "UPDATE accounts SET balance = balance - ? WHERE id = ?",
                    request.amount(),
                    request.from());
            TransferLedger.updatedOne(
                    connection,
                    "UPDATE accounts SET balance = balance + ? WHERE id = ?",
                    request.amount(),
                    request.to());
            return settle(connection, request);
        });
    }
}
