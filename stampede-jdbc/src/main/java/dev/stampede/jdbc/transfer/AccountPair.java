package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult.InsufficientFunds;
import dev.stampede.core.transfer.TransferResult.UnknownAccount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Both accounts of a transfer as one plain read saw them (no lock): balances and versions, checked for the debit. */
record AccountPair(long fromBalance, long fromVersion, long toBalance, long toVersion) {

    /** Reads both rows; refuses (rolling back) when one is missing or the payer cannot pay. */
    static AccountPair read(Connection connection, TransferRequest request) throws SQLException {
        long[] from = row(connection, request.from());
        long[] to = row(connection, request.to());
        if (from[0] < request.amount()) {
            throw JdbcTransfer.refuse(new InsufficientFunds(from[0]));
        }
        return new AccountPair(from[0], from[1], to[0], to[1]);
    }

    private static long[] row(Connection connection, String account) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT balance, version FROM accounts WHERE id = ?")) {
            select.setString(1, account);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw JdbcTransfer.refuse(new UnknownAccount(account));
                }
                return new long[] {row.getLong(1), row.getLong(2)};
            }
        }
    }
}
