package dev.stampede.jdbc;

import dev.stampede.core.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs work in one transaction on a pooled connection: commit on return, roll back on any failure. */
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
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            }
        }
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
