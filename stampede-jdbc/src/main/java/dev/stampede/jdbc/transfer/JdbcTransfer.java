package dev.stampede.jdbc.transfer;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.transfer.AccountTurns;
import dev.stampede.core.transfer.Transfer;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferResult.Busy;
import dev.stampede.core.transfer.TransferResult.InsufficientFunds;
import dev.stampede.core.transfer.TransferResult.KeyReused;
import dev.stampede.core.transfer.TransferResult.Transferred;
import dev.stampede.core.transfer.TransferResult.UnknownAccount;
import dev.stampede.core.transfer.TransferStrategy;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.SqlStates;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Decision;
import dev.stampede.jdbc.Transactions.Ending;
import dev.stampede.jdbc.Transactions.Retried;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;

/**
 * What the SQL transfer strategies share: a replayed key is answered without locks; each transfer gets a deadline,
 * {@code maxWait} after it arrived, and its transaction runs through {@link Transactions#retryingUntil}, so every
 * transient fault (a lost race, a lock wait that timed out, no pooled connection in time) is retried outside it, with
 * backoff and jitter, until that deadline (then busy): the same patience for every strategy, however long its attempts
 * take; a duplicate key found at commit becomes a replay; a refusal rolls back everything the transaction did.
 */
abstract class JdbcTransfer implements TransferStrategy {

    private static final Duration MIN_LOCK_WAIT = Duration.ofMillis(1);

    final Transactions transactions;
    final TransferLedger ledger;
    private final RetryPolicy backoff;
    private final Duration patience;
    private final Duration work;

    JdbcTransfer(Transactions transactions, TransferLedger ledger, TransferSettings settings) {
        this.transactions = transactions;
        this.ledger = ledger;
        this.backoff = settings.backoff();
        this.patience = settings.maxWait();
        this.work = settings.work();
    }

    @Override
    public final TransferResult transfer(TransferRequest request) {
        try {
            Optional<TransferResult> replay = replayOf(request);
            return replay.isPresent() ? replay.get() : attempt(request, System.nanoTime() + patience.toNanos());
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }

    /**
     * The whole transfer; it commits through {@link #retrying} so that contention never reaches the caller.
     *
     * @param deadline when the transfer stops retrying and answers busy, in {@link System#nanoTime()} units
     */
    abstract TransferResult attempt(TransferRequest request, long deadline) throws SQLException;

    /** Runs {@code work} in a transaction until it commits, refuses, or {@code deadline} has passed (then busy). */
    final TransferResult retrying(TransferRequest request, long deadline, Decision<TransferResult> work)
            throws SQLException {
        try {
            return transactions.retryingUntil(deadline, backoff, Retried.EVERY_TRANSIENT_FAULT, work, Busy::new);
        } catch (SQLException e) {
            if (request.idempotencyKey() != null && SqlStates.isDuplicateKey(e)) {
                return replayOf(request).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private Optional<TransferResult> replayOf(TransferRequest request) throws SQLException {
        if (request.idempotencyKey() == null) {
            return Optional.empty();
        }
        return transactions
                .inTransaction(connection -> ledger.byKey(Sql.on(connection), request))
                .map(previous -> previous.to().equals(request.to()) && previous.amount() == request.amount()
                        ? new Transferred(previous, true)
                        : new KeyReused(request.idempotencyKey()));
    }

    /** A transfer that runs in its turn at both accounts; it may throw what a transaction throws. */
    @FunctionalInterface
    interface InTurn {
        TransferResult run() throws SQLException;
    }

    /**
     * Runs {@code transfer} once this process's turn at both accounts of {@code request} has come ({@link
     * AccountTurns}), busy if it has not by {@code deadline}: for the strategies that hold row locks during the work,
     * so that the transfers of one process do not queue on each other's locks nor hold pooled connections while they
     * wait (issue 17).
     */
    static TransferResult inTurn(AccountTurns turns, TransferRequest request, long deadline, InTurn transfer)
            throws SQLException {
        Optional<AccountTurns.Turn> turn;
        try {
            turn = turns.take(request.first(), request.second(), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Busy(
                    "interrupted while waiting for a turn at accounts " + request.first() + " and " + request.second());
        }
        if (turn.isEmpty()) {
            return new Busy("no turn at accounts " + request.first() + " and " + request.second() + " in time");
        }
        try (AccountTurns.Turn ignored = turn.get()) {
            return transfer.run();
        }
    }

    /** The time an attempt may still wait for locks so that, with its work, it ends by {@code deadline}; at least 1 ms. */
    final Duration lockWaitLeft(long deadline) {
        return Duration.ofNanos(Math.max(MIN_LOCK_WAIT.toNanos(), deadline - System.nanoTime() - work.toNanos()));
    }

    /** The seed's {@code sleep(1)}: the slow part of a transfer (a fraud check, a call to another service). */
    final void work() {
        if (!work.isZero()) {
            LockSupport.parkNanos(work.toNanos());
        }
    }

    /** Refuses for the right reason once a conditional debit changed nothing: no such account, or too little money. */
    static Ending<TransferResult> refuseDebit(Sql sql, TransferRequest request) throws SQLException {
        OptionalLong balance = balance(sql, request.from(), "");
        return Transactions.rollback(
                balance.isEmpty() ? new UnknownAccount(request.from()) : new InsufficientFunds(balance.getAsLong()));
    }

    /** The balance of an account, read with {@code suffix} appended (a lock clause, or nothing). */
    static OptionalLong balance(Sql sql, String account, String suffix) throws SQLException {
        return sql.queryFirst("SELECT balance FROM accounts WHERE id = ?" + suffix, row -> row.getLong(1), account)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /** Inserts the settled transfer and its ledger pair, committing. */
    final Ending<TransferResult> settle(Sql sql, TransferRequest request) throws SQLException {
        Transfer transfer = ledger.insert(sql, request, "settled");
        ledger.writePair(sql, transfer);
        return Transactions.commit(new Transferred(transfer, false));
    }
}
