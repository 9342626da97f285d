package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.AccountTurns;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferResult.InsufficientFunds;
import dev.stampede.core.transfer.TransferResult.UnknownAccount;
import dev.stampede.jdbc.SqlDialect;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * Locks both account rows, always the lower id first, so that A→B and B→A queue instead of deadlocking. The work
 * happens while both locks are held.
 *
 * <p>Within this process a transfer first waits for its turn at both accounts ({@link AccountTurns}: both or neither,
 * arrival order among those that can run, the oldest waiter first), so the transfers of one process never queue on
 * each other's row locks nor hold a pooled connection while they wait. The row locks still decide between processes:
 * each attempt waits for them at most the time left before the transfer's deadline, less its work, so it stays in the
 * database's queue instead of rejoining it behind newcomers after a shorter timeout, and the attempt under way ends by
 * the deadline (issue 17).
 */
final class PessimisticOrderedLockTransfer extends JdbcTransfer {

    private final AccountTurns turns;

    PessimisticOrderedLockTransfer(
            Transactions transactions, TransferLedger ledger, TransferSettings settings, AccountTurns turns) {
        super(transactions, ledger, settings);
        this.turns = turns;
    }

    @Override
    public String name() {
        return "pessimistic";
    }

    @Override
    TransferResult attempt(TransferRequest request, long deadline) throws SQLException {
        return inTurn(turns, request, deadline, () -> lockedTransfer(request, deadline));
    }

    private TransferResult lockedTransfer(TransferRequest request, long deadline) throws SQLException {
        return retrying(request, deadline, sql -> {
            SqlDialect dialect = sql.dialect();
            dialect.setLockTimeout(sql, lockWaitLeft(deadline));
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
