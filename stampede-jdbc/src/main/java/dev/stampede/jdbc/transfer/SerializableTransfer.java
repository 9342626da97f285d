package dev.stampede.jdbc.transfer;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Plain reads and writes under SERIALIZABLE isolation: the database aborts whichever transaction would break
 * serializability (SQLState 40001, or a deadlock on MariaDB), and the transfer is retried.
 */
final class SerializableTransfer extends JdbcTransfer {

    SerializableTransfer(Transactions transactions, TransferLedger ledger, RetryPolicy retry, Duration work) {
        super(transactions, ledger, retry, work);
    }

    @Override
    public String name() {
        return "serializable";
    }

    @Override
    TransferResult attempt(TransferRequest request) throws SQLException {
        return retrying(request, connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            AccountPair.read(connection, request);
            work();
            boolean fromFirst = request.from().equals(request.first());
            move(connection, fromFirst ? request.from() : request.to(), request);
            move(connection, fromFirst ? request.to() : request.from(), request);
            return settle(connection, request);
        });
    }

    private static void move(Connection connection, String account, TransferRequest request) throws SQLException {
        long delta = account.equals(request.from()) ? -request.amount() : request.amount();
        TransferLedger.updatedOne(connection, "UPDATE accounts SET balance = balance + ? WHERE id = ?", delta, account);
    }
}
