package dev.stampede.jdbc.transfer;

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
 * timeout is set before the first lock, and a transfer that waits longer is answered busy. The work happens while
 * both locks are held.
 */
final class PessimisticOrderedLockTransfer extends JdbcTransfer {

    private final Duration lockTimeout;

    PessimisticOrderedLockTransfer(Transactions transactions, TransferLedger ledger, TransferSettings settings) {
        super(transactions, ledger, settings);
        this.lockTimeout = settings.lockTimeout();
    }

    @Override
    public String name() {
        return "pessimistic";
    }

    @Override
    TransferResult attempt(TransferRequest request) throws SQLException {
        return retrying(request, sql -> {
            SqlDialect dialect = sql.dialect();
            dialect.setLockTimeout(sql, lockTimeout);
            OptionalLong first = balance(sql, request.first(), dialect.lockRowForUpdate());
            OptionalLong second = balance(sql, request.second(), dialect.lockRowForUpdate());
            if (first.isEmpty()) {
                return Transactions.rollback(new UnknownAccount(request.first()));
            }
            if (second.isEmpty()) {
                return Transactions.rollback(new UnknownAccount(request.second()));
            }
            long available = request.from().equals(request.first()) ? first.getAsLong() : second.getAsLong();
            if (available < request.amount()) {
                return Transactions.rollback(new InsufficientFunds(available));
            }
            work();
            sql.updateOne(
                    "locked debit",
                    "UPDATE accounts SET balance = balance - ? WHERE id = ?",
                    request.amount(),
                    request.from());
            sql.updateOne(
                    "locked credit",
                    "UPDATE accounts SET balance = balance + ? WHERE id = ?",
                    request.amount(),
                    request.to());
            return settle(sql, request);
        });
    }
}
