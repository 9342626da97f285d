package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.Transfer;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rows the transfer strategies share, written inside the caller's transaction: the transfer (with its idempotency
 * key, unique per paying account) and its ledger pair.
 */
final class TransferLedger {

    private final Clock clock;

    TransferLedger(Clock clock) {
        this.clock = clock;
    }

    /** The transfer a key was already applied to; its {@code to} and {@code amount} tell a replay from a reuse. */
    Optional<Transfer> byKey(Sql sql, TransferRequest request) throws SQLException {
        if (request.idempotencyKey() == null) {
            return Optional.empty();
        }
        return sql.queryFirst(
                "SELECT id, from_account, to_account, amount, created_at FROM transfers"
                        + " WHERE from_account = ? AND idempotency_key = ? AND state <> 'released'",
                TransferLedger::transfer,
                request.from(),
                request.idempotencyKey());
    }

    /** A transfer row read as {@code id, from_account, to_account, amount, created_at}. */
    static Transfer transfer(ResultSet row) throws SQLException {
        return new Transfer(
                UUID.fromString(row.getString(1)),
                row.getString(2),
                row.getString(3),
                row.getLong(4),
                row.getTimestamp(5).toInstant());
    }

    /** Inserts the transfer row; a duplicate (account, key) raises the database's unique violation. */
    Transfer insert(Sql sql, TransferRequest request, String state) throws SQLException {
        Transfer transfer = new Transfer(UUID.randomUUID(), request.from(), request.to(), request.amount(), now());
        sql.update(
                "INSERT INTO transfers (id, from_account, to_account, amount, state, idempotency_key, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                transfer.id().toString(),
                transfer.from(),
                transfer.to(),
                transfer.amount(),
                state,
                request.idempotencyKey(),
                transfer.createdAt());
        return transfer;
    }

    /** The debit and the credit of a settled transfer. */
    void writePair(Sql sql, Transfer transfer) throws SQLException {
        Instant at = now();
        String id = transfer.id().toString();
        sql.batch(
                "INSERT INTO ledger_entries (transfer_id, account_id, amount, created_at) VALUES (?, ?, ?, ?)",
                List.of(
                        new Object[] {id, transfer.from(), -transfer.amount(), at},
                        new Object[] {id, transfer.to(), transfer.amount(), at}));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
