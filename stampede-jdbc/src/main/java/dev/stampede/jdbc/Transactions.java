package dev.stampede.jdbc;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one transaction on a pooled connection: commit on return, roll back on any failure. A commit that fails
 * without a definite answer from the database (the connection broke, or anything but a rollback it reports) throws
 * {@link OutcomeUnknownException}: the transaction may have committed.
 */
public final class Transactions {

    /** Work against an open transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                commit(connection);
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
