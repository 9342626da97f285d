package dev.stampede.jdbc;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.retry.Retry;
import dev.stampede.core.retry.Retry.Attempt;
import dev.stampede.core.retry.RetryPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Runs work in one transaction on a pooled connection: commit on return, roll back on any failure. A commit that fails
 * without a definite answer from the database (the connection broke, or anything but a rollback it reports) throws
 * {@link OutcomeUnknownException}: the transaction may have committed, so it is never retried and never called busy.
 *
 * <p>The strategies run their work with {@link #attempt}, {@link #once} or {@link #retrying}: the work ends its
 * transaction with a typed {@link Ending} (commit with an answer, roll back with an answer, or roll back as a lost
 * race), and a transient SQL error ({@link SqlStates#isTransient}) becomes the one {@link Outcome.Busy} outcome. The
 * rule for retrying, the same for purchases and transfers: an attempt that <em>lost a race</em> (a conflict the work
 * reports, a serialization failure, a deadlock: {@link SqlStates#isLostRace}) was rolled back so that another could go
 * through, and another attempt may succeed at once, so it is retried under the strategy's {@link RetryPolicy} (a
 * purchase keeps its idempotency claim across attempts: nothing of a rolled-back attempt was stored). What else is
 * retried is the caller's choice ({@link Retried}): purchases ({@link Retried#LOST_RACES}) answer busy at once when a
 * lock wait runs out (their lock timeout is the whole wait a buyer was promised) or no connection comes; transfers
 * ({@link Retried#EVERY_TRANSIENT_FAULT}) retry those too, since a transfer's lock timeout bounds one attempt and its
 * retries are the client's patience (the seed 004 shape: slow work inside the transaction makes every fault a wait
 * for another transfer). When the retries are spent the answer is busy; the client retries (with its {@code
 * Idempotency-Key}). Seat holds run {@link #once}: every transient fault answers busy, and the holder retries.
 */
public final class Transactions {

    /** Work against an open transaction that always commits what it did. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Work against an open transaction that decides how it ends. */
    @FunctionalInterface
    public interface Decision<T> {
        Ending<T> run(Sql sql) throws SQLException;
    }

    /** How work ends its transaction. */
    public sealed interface Ending<T> {}

    /** Commit, then answer {@code value}. */
    public record Commit<T>(T value) implements Ending<T> {}

    /** Roll back whatever the work did, then answer {@code value} (a refusal). */
    public record Rollback<T>(T value) implements Ending<T> {}

    /** Roll back: the work lost a race (a version conflict) and another attempt may win; see {@link #retrying}. */
    public record Conflict<T>(String reason) implements Ending<T> {}

    public static <T> Ending<T> commit(T value) {
        return new Commit<>(value);
    }

    public static <T> Ending<T> rollback(T value) {
        return new Rollback<>(value);
    }

    public static <T> Ending<T> conflict(String reason) {
        return new Conflict<>(reason);
    }

    /** What an attempted transaction came to. */
    public sealed interface Outcome<T> {

        /** The work's answer, committed or rolled back as the work decided. */
        record Done<T>(T value) implements Outcome<T> {}

        /** Nothing was applied, for a transient reason: {@code fault} says which. */
        record Busy<T>(String reason, Fault fault) implements Outcome<T> {}
    }

    /** Why an attempt answered busy. */
    public enum Fault {
        /** The work reported a conflict, or the database rolled it back to let another through: retry at once. */
        LOST_RACE,
        /** A lock wait ran out ({@link SqlStates#isLockTimeout}). */
        LOCK_TIMEOUT,
        /** The database could not be reached or refused for want of resources. */
        UNAVAILABLE;

        static Fault of(SQLException e) {
            if (SqlStates.isLostRace(e)) {
                return LOST_RACE;
            }
            return SqlStates.isLockTimeout(e) ? LOCK_TIMEOUT : UNAVAILABLE;
        }
    }

    /** Which transient faults {@link #retrying} tries again under its policy; any other answers busy at once. */
    public enum Retried {
        /** Lost races only: a lock timeout is the whole wait the caller was promised (purchases). */
        LOST_RACES(EnumSet.of(Fault.LOST_RACE)),
        /** Every transient fault: lost races, lock waits that ran out, no connection in time (transfers). */
        EVERY_TRANSIENT_FAULT(EnumSet.allOf(Fault.class));

        private final Set<Fault> faults;

        Retried(Set<Fault> faults) {
            this.faults = faults;
        }

        boolean covers(Fault fault) {
            return faults.contains(fault);
        }
    }

    private final DataSource dataSource;

    public Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T inTransaction(Work<T> work) throws SQLException {
        return run(work, result -> true);
    }

    /**
     * Runs {@code work} in one transaction, committed or rolled back as it decides, and answers its value; every
     * {@link SQLException} is thrown (for stores whose callers sort them). A {@link Conflict} ending is a bug here:
     * only {@link #attempt} and {@link #retrying} know what to do with one.
     */
    public <T> T decide(Decision<T> work) throws SQLException {
        return switch (run(connection -> work.run(Sql.on(connection)), ending -> ending instanceof Commit)) {
            case Commit<T>(T value) -> value;
            case Rollback<T>(T value) -> value;
            case Conflict<T>(String reason) -> throw new IllegalStateException("a conflict outside a retry: " + reason);
        };
    }

    /**
     * Runs {@code work} in one transaction and sorts how it ended. A non-transient {@link SQLException} (a constraint
     * the work broke, a bug) is thrown, as is {@link OutcomeUnknownException}.
     */
    public <T> Outcome<T> attempt(Decision<T> work) throws SQLException {
        try {
            return switch (run(connection -> work.run(Sql.on(connection)), ending -> ending instanceof Commit)) {
                case Commit<T>(T value) -> new Outcome.Done<>(value);
                case Rollback<T>(T value) -> new Outcome.Done<>(value);
                case Conflict<T>(String reason) -> new Outcome.Busy<>(reason, Fault.LOST_RACE);
            };
        } catch (SQLException e) {
            if (!SqlStates.isTransient(e)) {
                throw e;
            }
            return new Outcome.Busy<>(SqlStates.busyReason(e), Fault.of(e));
        }
    }

    /**
     * Runs {@code work} once; {@code busy} turns the reason into the answer when it ends transient (a lost race
     * included). Throws as {@link #attempt} does.
     */
    public <T> T once(Decision<T> work, Function<String, T> busy) throws SQLException {
        return switch (attempt(work)) {
            case Outcome.Done<T>(T value) -> value;
            case Outcome.Busy<T>(String reason, Fault fault) -> busy.apply(reason);
        };
    }

    /**
     * Runs {@code work} until it is done, retrying the faults {@code retried} covers under {@code policy} with its
     * backoff (outside the transaction); {@code busy} turns the reason into the answer when another transient error ends it, or when the
     * policy's attempts are spent ("version conflict after 20 attempts"). Throws as {@link #attempt} does.
     */
    public <T> T retrying(RetryPolicy policy, Retried retried, Decision<T> work, Function<String, T> busy)
            throws SQLException {
        return Retry.run(policy, once(retried, work, busy), giveUp(busy));
    }

    /**
     * As {@link #retrying}, but the budget is time: no attempt starts after {@code deadline} ({@link System#nanoTime()}
     * units), and no pause runs past it, whatever the attempts cost; {@code backoff}'s attempt cap does not apply. An
     * attempt that must end by the deadline bounds its own waits with it (a lock timeout of the time left).
     */
    public <T> T retryingUntil(
            long deadline, RetryPolicy backoff, Retried retried, Decision<T> work, Function<String, T> busy)
            throws SQLException {
        return Retry.runUntil(deadline, backoff, Retry.PARK, once(retried, work, busy), giveUp(busy));
    }

    private <T> Retry.Try<T, SQLException> once(Retried retried, Decision<T> work, Function<String, T> busy) {
        return number -> switch (attempt(work)) {
            case Outcome.Done<T>(T value) -> Attempt.done(value);
            case Outcome.Busy<T>(String reason, Fault fault) when retried.covers(fault) -> Attempt.again(reason);
            case Outcome.Busy<T>(String reason, Fault fault) -> Attempt.done(busy.apply(reason));
        };
    }

    private static <T> Retry.GiveUp<T> giveUp(Function<String, T> busy) {
        return (attempts, reason) -> busy.apply(reason + " after " + attempts + " attempts");
    }

    /** Runs {@code work}, then commits if {@code commits} says so of its result, else rolls back. */
    private <R> R run(Work<R> work, Predicate<R> commits) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                R result = work.run(connection);
                if (commits.test(result)) {
                    commit(connection);
                } else {
                    connection.rollback();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            }
        }
    }

    /**
     * Commits, sorting a failure by what the database said. Class 40 (transaction rollback: serialization failure,
     * deadlock) and class 23 (a deferred constraint) are definite refusals: nothing was applied, and they stay
     * {@link SQLException}s for the caller's retry or refusal. Anything else, a broken connection above all (class 08,
     * or an administrator's shutdown, 57P01), leaves the outcome unknown.
     */
    private static void commit(Connection connection) throws SQLException {
        try {
            connection.commit();
        } catch (SQLException e) {
            if (definitelyRolledBack(e)) {
                throw e;
            }
            throw new OutcomeUnknownException(
                    "commit failed without a definite answer (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static boolean definitelyRolledBack(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("40") || state.startsWith("23"));
    }

    /** Like {@link #inTransaction} for stores that are not strategies: transient faults become unavailability. */
    public <T> T required(Work<T> work) {
        try {
            return inTransaction(work);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public static RuntimeException failure(SQLException e) {
        if (SqlStates.isTransient(e)) {
            return new StoreUnavailableException("database unavailable: " + e.getMessage(), e);
        }
        return new IllegalStateException("unexpected SQL failure (SQLState " + e.getSQLState() + ")", e);
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
