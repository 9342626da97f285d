package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferResult.InsufficientFunds;
import dev.stampede.core.transfer.TransferResult.UnknownAccount;
import dev.stampede.jdbc.Sql;
import java.sql.SQLException;
import java.util.Optional;

/** Both accounts of a transfer as one plain read saw them (no lock): balances and versions; empty if missing. */
record AccountPair(Optional<Row> from, Optional<Row> to) {

    record Row(long balance, long version) {}

    static AccountPair read(Sql sql, TransferRequest request) throws SQLException {
        return new AccountPair(row(sql, request.from()), row(sql, request.to()));
    }

    /** Why the transfer cannot be made as read: the payer missing, the payee missing, or too little money. */
    Optional<TransferResult> refusal(TransferRequest request) {
        if (from.isEmpty()) {
            return Optional.of(new UnknownAccount(request.from()));
        }
        if (to.isEmpty()) {
            return Optional.of(new UnknownAccount(request.to()));
        }
        long balance = from.get().balance();
        return balance < request.amount() ? Optional.of(new InsufficientFunds(balance)) : Optional.empty();
    }

    private static Optional<Row> row(Sql sql, String account) throws SQLException {
        return sql.queryFirst(
                "SELECT balance, version FROM accounts WHERE id = ?",
                row -> new Row(row.getLong(1), row.getLong(2)),
                account);
    }
}
