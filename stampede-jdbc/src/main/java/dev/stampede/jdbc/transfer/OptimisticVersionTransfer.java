package dev.stampede.jdbc.transfer;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Reads both accounts without locks, does the work, then writes each only if its version is unchanged, in
 * account-id order. A lost race rolls back the whole transaction (the seed's loop did not) and is retried after a
 * jittered backoff, up to the policy's cap (the seed's loop had none); then busy.
 */
final class OptimisticVersionTransfer extends JdbcTransfer {

    OptimisticVersionTransfer(Transactions transactions, TransferLedger ledger, RetryPolicy retry, Duration work) {
        super(transactions, ledger, retry, work);
    }

    @Override
    public String name() {
        return "optimistic";
    }

    @Override
    TransferResult attempt(TransferRequest request) throws SQLException {
        return retrying(request, connection -> {
            AccountPair seen = AccountPair.read(connection, request);
            work();
            boolean fromFirst = request.from().equals(request.first());
            write(connection, fromFirst ? request.from() : request.to(), request, seen);
            write(connection, fromFirst ? request.to() : request.from(), request, seen);
            return settle(connection, request);
        });
    }

    private static void write(Connection connection, String account, TransferRequest request, AccountPair seen)
            throws SQLException {
        boolean debit = account.equals(request.from());
        long balance = debit ? seen.fromBalance() - request.amount() : seen.toBalance() + request.amount();
        long version = debit ? seen.fromVersion() : seen.toVersion();
        if (!TransferLedger.updatedOne(
                connection,
                "UPDATE accounts SET balance = ?, version = version + 1 WHERE id = ? AND version = ?",
                balance,
                account,
                version)) {
            throw new Conflict();
        }
    }
}
