package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.Transfer;
import dev.stampede.core.transfer.TransferRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Rows the transfer strategies share, written inside the caller's transaction: the transfer (with its idempotency
 * key, unique per paying account), its ledger pair, and balance changes that must touch exactly one row.
 */
final class TransferLedger {

    private final Clock clock;

    TransferLedger(Clock clock) {
        this.clock = clock;
    }

    /** The transfer a key was already applied to; its {@code to} and {@code amount} tell a replay from a reuse. */
    Optional<Transfer> byKey(Connection connection, TransferRequest request) throws SQLException {
        if (request.idempotencyKey() == null) {
            return Optional.empty();
        }
        try (PreparedStatement select =
                connection.prepareStatement("SELECT id, from_account, to_account, amount, created_at FROM transfers"
                        + " WHERE from_account = ? AND idempotency_key = ? AND state <> 'released'")) {
            select.setString(1, request.from());
            select.setString(2, request.idempotencyKey());
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new Transfer(
                                UUID.fromString(row.getString(1)),
                                row.getString(2),
                                row.getString(3),
                                row.getLong(4),
                                row.getTimestamp(5).toInstant()))
                        : Optional.empty();
            }
        }
    }

    /** Inserts the transfer row; a duplicate (account, key) raises the database's unique violation. */
    Transfer insert(Connection connection, TransferRequest request, String state) throws SQLException {
        Transfer transfer = new Transfer(UUID.randomUUID(), request.from(), request.to(), request.amount(), now());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO transfers (id, from_account, to_account, amount, state, idempotency_key, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, transfer.id().toString());
            insert.setString(2, transfer.from());
            insert.setString(3, transfer.to());
            insert.setLong(4, transfer.amount());
            insert.setString(5, state);
            insert.setString(6, request.idempotencyKey());
            insert.setTimestamp(7, Timestamp.from(transfer.createdAt()));
            insert.executeUpdate();
        }
        return transfer;
    }

    /** The debit and the credit of a settled transfer. */
    void writePair(Connection connection, Transfer transfer) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ledger_entries (transfer_id, account_id, amount, created_at) VALUES (?, ?, ?, ?)")) {
            Timestamp at = Timestamp.from(now());
            addEntry(insert, transfer, transfer.from(), -transfer.amount(), at);
            addEntry(insert, transfer, transfer.to(), transfer.amount(), at);
            insert.executeBatch();
        }
    }

    private static void addEntry(PreparedStatement insert, Transfer transfer, String account, long amount, Timestamp at)
            throws SQLException {
        insert.setString(1, transfer.id().toString());
        insert.setString(2, account);
        insert.setLong(3, amount);
        insert.setTimestamp(4, at);
        insert.addBatch();
    }

    /** Runs an update that must change exactly one row or none; more is a bug. */
    static boolean updatedOne(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            int count = update.executeUpdate();
            if (count > 1 || count < 0) {
                throw new IllegalStateException(sql + " changed " + count + " rows, expected 0 or 1");
            }
            return count == 1;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
