package dev.stampede.jdbc.transfer;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferResult.UnknownAccount;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The debit is one conditional statement ({@code ... WHERE id = ? AND balance >= ?}), the credit another, applied in
 * account-id order in one transaction; no read can go stale. The work happens before the commit.
 */
final class ConditionalUpdateTransfer extends JdbcTransfer {

    ConditionalUpdateTransfer(Transactions transactions, TransferLedger ledger, RetryPolicy retry, Duration work) {
        super(transactions, ledger, retry, work);
    }

    @Override
    public String name() {
        return "conditional";
    }

    @Override
    TransferResult attempt(TransferRequest request) throws SQLException {
        return retrying(request, connection -> {
            apply(connection, request, request.first());
            apply(connection, request, request.second());
            work();
            return settle(connection, request);
        });
    }

    private static void apply(Connection connection, TransferRequest request, String account) throws SQLException {
        if (account.equals(request.from())) {
            if (!TransferLedger.updatedOne(
                    connection,
                    "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
                    request.amount(),
                    request.from(),
                    request.amount())) {
                throw refuseDebit(connection, request);
            }
        } else if (!TransferLedger.updatedOne(
                connection, "UPDATE accounts SET balance = balance + ? WHERE id = ?", request.amount(), request.to())) {
            throw refuse(new UnknownAccount(request.to()));
        }
    }
}
