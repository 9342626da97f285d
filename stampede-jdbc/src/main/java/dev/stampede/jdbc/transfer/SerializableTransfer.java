package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.AccountTurns;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Plain reads and writes under SERIALIZABLE isolation: the database aborts whichever transaction would break
 * serializability (SQLState 40001, or a deadlock on MariaDB), and the transfer is retried as a lost race.
 *
 * <p>Within this process a transfer first waits for its turn at both accounts ({@link AccountTurns}), as {@code
 * pessimistic} and {@code conditional} do, so two transfers of one process that share an account are never in flight
 * together: the second no longer reads what the first is about to change, spends its work, and is aborted at its
 * write (each abort cost an attempt's whole work, and under seed 004's shape the aborts outlasted the transfer's
 * deadline: 42–43 of 261 transfers answered busy, issue 17). Across processes SERIALIZABLE and its retry remain the
 * safety net.
 */
final class SerializableTransfer extends JdbcTransfer {

    private final AccountTurns turns;

    SerializableTransfer(
            Transactions transactions, TransferLedger ledger, TransferSettings settings, AccountTurns turns) {
        super(transactions, ledger, settings);
        this.turns = turns;
    }

    @Override
    public String name() {
        return "serializable";
    }

    @Override
    TransferResult attempt(TransferRequest request, long deadline) throws SQLException {
        return inTurn(turns, request, deadline, () -> serializedInTurn(request, deadline));
    }

    private TransferResult serializedInTurn(TransferRequest request, long deadline) throws SQLException {
        return retrying(request, deadline, sql -> {
            sql.connection().setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            sql.dialect().readThroughIndexes(sql);
            Optional<TransferResult> refusal = AccountPair.read(sql, request).refusal(request);
            if (refusal.isPresent()) {
                return Transactions.rollback(refusal.get());
            }
            work();
            boolean fromFirst = request.from().equals(request.first());
            move(sql, fromFirst ? request.from() : request.to(), request);
            move(sql, fromFirst ? request.to() : request.from(), request);
            return settle(sql, request);
        });
    }

    private static void move(Sql sql, String account, TransferRequest request) throws SQLException {
        long delta = account.equals(request.from()) ? -request.amount() : request.amount();
        sql.updateOne("balance move", "UPDATE accounts SET balance = balance + ? WHERE id = ?", delta, account);
    }
}
