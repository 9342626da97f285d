package dev.stampede.jdbc.transfer;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.transfer.Transfer;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferResult.Busy;
import dev.stampede.core.transfer.TransferResult.InsufficientFunds;
import dev.stampede.core.transfer.TransferResult.KeyReused;
import dev.stampede.core.transfer.TransferResult.Transferred;
import dev.stampede.core.transfer.TransferResult.UnknownAccount;
import dev.stampede.core.transfer.TransferStrategy;
import dev.stampede.jdbc.SqlStates;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * What the SQL transfer strategies share: a replayed key is answered without locks; each transaction is retried
 * outside itself, with backoff and jitter, on a transient error or a version conflict, up to the policy's cap; a
 * duplicate key found at commit becomes a replay; a refusal rolls back everything the transaction did.
 */
abstract class JdbcTransfer implements TransferStrategy {

    final Transactions transactions;
    final TransferLedger ledger;
    private final RetryPolicy retry;
    private final Duration work;

    JdbcTransfer(Transactions transactions, TransferLedger ledger, RetryPolicy retry, Duration work) {
        this.transactions = transactions;
        this.ledger = ledger;
        this.retry = retry;
        this.work = work;
    }

    @Override
    public final TransferResult transfer(TransferRequest request) {
        try {
            Optional<TransferResult> replay = replayOf(request);
            return replay.isPresent() ? replay.get() : attempt(request);
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }

    /** The whole transfer; it commits through {@link #retrying} so that contention never reaches the caller. */
    abstract TransferResult attempt(TransferRequest request) throws SQLException;

    /** Runs {@code work} in a transaction until it commits, refuses, or the retries run out (then busy). */
    final TransferResult retrying(TransferRequest request, Transactions.Work<TransferResult> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            String reason;
            try {
                return transactions.inTransaction(work);
            } catch (Refusal refusal) {
                return refusal.result;
            } catch (Conflict conflict) {
                reason = "version conflicts";
            } catch (SQLException e) {
                if (request.idempotencyKey() != null && SqlStates.isDuplicateKey(e)) {
                    return replayOf(request).orElseThrow(() -> e);
                }
                if (!SqlStates.isTransient(e)) {
                    throw e;
                }
                reason = SqlStates.isLockTimeout(e) ? "lock wait timed out" : "database busy (" + e.getSQLState() + ")";
            }
            if (!retry.canRetryAfter(attempt)) {
                return new Busy(reason + " after " + attempt + " attempts");
            }
            LockSupport.parkNanos(
                    retry.delayBefore(attempt, ThreadLocalRandom.current()).toNanos());
        }
    }

    private Optional<TransferResult> replayOf(TransferRequest request) throws SQLException {
        if (request.idempotencyKey() == null) {
            return Optional.empty();
        }
        return transactions
                .inTransaction(connection -> ledger.byKey(connection, request))
                .map(previous -> previous.to().equals(request.to()) && previous.amount() == request.amount()
                        ? new Transferred(previous, true)
                        : new KeyReused(request.idempotencyKey()));
    }

    /** The seed's {@code sleep(1)}: the slow part of a transfer (a fraud check, a call to another service). */
    final void work() {
        if (!work.isZero()) {
            LockSupport.parkNanos(work.toNanos());
        }
    }

    /** Ends the transaction with a rollback and this answer. */
    static Refusal refuse(TransferResult result) {
        return new Refusal(result);
    }

    /** Refuses for the right reason once a conditional debit changed nothing: no such account, or too little money. */
    static Refusal refuseDebit(Connection connection, TransferRequest request) throws SQLException {
        OptionalLong balance = balance(connection, request.from(), "");
        return refuse(
                balance.isEmpty() ? new UnknownAccount(request.from()) : new InsufficientFunds(balance.getAsLong()));
    }

    /** The balance of an account, read with {@code suffix} appended (a lock clause, or nothing). */
    static OptionalLong balance(Connection connection, String account, String suffix) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT balance FROM accounts WHERE id = ?" + suffix)) {
            select.setString(1, account);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Inserts the settled transfer and its ledger pair. */
    final Transferred settle(Connection connection, TransferRequest request) throws SQLException {
        Transfer transfer = ledger.insert(connection, request, "settled");
        ledger.writePair(connection, transfer);
        return new Transferred(transfer, false);
    }

    /** A refusal: thrown inside the transaction so that it rolls back, carrying the answer out. */
    static final class Refusal extends RuntimeException {
        private final transient TransferResult result;

        Refusal(TransferResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    /** A lost version race: the transaction rolls back and is tried again. */
    static final class Conflict extends RuntimeException {
        Conflict() {
            super(null, null, false, false);
        }
    }
}
