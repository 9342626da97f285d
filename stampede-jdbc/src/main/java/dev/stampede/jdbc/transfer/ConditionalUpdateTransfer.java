package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.AccountTurns;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferResult.UnknownAccount;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Ending;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The debit is one conditional statement ({@code ... WHERE id = ? AND balance >= ?}), the credit another, applied in
 * account-id order in one transaction; no read can go stale. The work happens before the commit, while both rows are
 * locked by the updates, so within this process a transfer first waits for its turn at both accounts ({@link
 * AccountTurns}), as {@code pessimistic} does, and each attempt waits for the rows at most the time left before the
 * transfer's deadline less its work.
 */
final class ConditionalUpdateTransfer extends JdbcTransfer {

    private final AccountTurns turns;

    ConditionalUpdateTransfer(
            Transactions transactions, TransferLedger ledger, TransferSettings settings, AccountTurns turns) {
        super(transactions, ledger, settings);
        this.turns = turns;
    }

    @Override
    public String name() {
        return "conditional";
    }

    @Override
    TransferResult attempt(TransferRequest request, long deadline) throws SQLException {
        return inTurn(turns, request, deadline, () -> updatedInTurn(request, deadline));
    }

    private TransferResult updatedInTurn(TransferRequest request, long deadline) throws SQLException {
        return retrying(request, deadline, sql -> {
            sql.dialect().setLockTimeout(sql, lockWaitLeft(deadline));
            for (String account : List.of(request.first(), request.second())) {
                Optional<Ending<TransferResult>> refused = apply(sql, request, account);
                if (refused.isPresent()) {
                    return refused.get();
                }
            }
            work();
            return settle(sql, request);
        });
    }

    /** Debits or credits {@code account}; the refusal (a rollback) if the debit or the credit changed nothing. */
    private static Optional<Ending<TransferResult>> apply(Sql sql, TransferRequest request, String account)
            throws SQLException {
        if (account.equals(request.from())) {
            return sql.updateOne(
                            "conditional debit",
                            "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
                            request.amount(),
                            request.from(),
                            request.amount())
                    ? Optional.empty()
                    : Optional.of(refuseDebit(sql, request));
        }
        return sql.updateOne(
                        "credit",
                        "UPDATE accounts SET balance = balance + ? WHERE id = ?",
                        request.amount(),
                        request.to())
                ? Optional.empty()
                : Optional.of(Transactions.rollback(new UnknownAccount(request.to())));
    }
}
