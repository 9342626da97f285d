package dev.stampede.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Statements on one connection, usually a transaction's (db-scheduler's {@code JdbcRunner} in small): positional
 * parameters bound with {@code setObject} ({@link Instant}s as {@link Timestamp}s), results read by a {@link
 * RowMapper}. Every statement is prepared, run and closed in one call. A conditional write checks its row count
 * exactly with {@link #updateOne}: 0 lost the race, 1 won, anything else is a bug.
 */
public final class Sql {

    /** Reads one row of a result into a value; the result set is already on the row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final Connection connection;

    private Sql(Connection connection) {
        this.connection = connection;
    }

    public static Sql on(Connection connection) {
        return new Sql(connection);
    }

    /** The connection, for what is not a statement (a dialect's setting, an isolation level). */
    public Connection connection() {
        return connection;
    }

    /** The database this connection talks to: what differs between them goes through it. */
    public SqlDialect dialect() throws SQLException {
        return SqlDialect.of(connection);
    }

    /** Runs a statement for its effect alone (a setting, a lock function), whatever it answers. */
    public void execute(String sql, Object... parameters) throws SQLException {
        prepared(sql, parameters, PreparedStatement::execute);
    }

    /** Runs an insert, update or delete and answers the affected row count. */
    public int update(String sql, Object... parameters) throws SQLException {
        return prepared(sql, parameters, PreparedStatement::executeUpdate);
    }

    /**
     * Runs a write that may touch one row at most: true if it changed one (won), false if none (its condition did not
     * hold). More than one is a bug: {@link IllegalStateException} naming {@code what}.
     */
    public boolean updateOne(String what, String sql, Object... parameters) throws SQLException {
        int count = update(sql, parameters);
        if (count < 0 || count > 1) {
            throw new IllegalStateException(what + " changed " + count + " rows, expected 0 or 1");
        }
        return count == 1;
    }

    /** Runs one statement once per parameter row, as one JDBC batch; the row count of each. */
    public int[] batch(String sql, List<Object[]> rows) throws SQLException {
        return prepared(sql, new Object[0], batch -> {
            for (Object[] row : rows) {
                bind(batch, row);
                batch.addBatch();
            }
            return batch.executeBatch();
        });
    }

    /** Every row the query answers (a {@code RETURNING} clause included), in order. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
        return prepared(sql, parameters, select -> {
            try (ResultSet row = select.executeQuery()) {
                List<T> values = new ArrayList<>();
                while (row.next()) {
                    values.add(mapper.map(row));
                }
                return values;
            }
        });
    }

    /** The first row the query answers; empty if none. */
    public <T> Optional<T> queryFirst(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
        return prepared(sql, parameters, select -> {
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(mapper.map(row)) : Optional.empty();
            }
        });
    }

    /** The one row the query must answer (a count, a sequence's next value); none is an {@link IllegalStateException}. */
    public <T> T queryOne(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
        return queryFirst(sql, mapper, parameters).orElseThrow(() -> new IllegalStateException("no row from " + sql));
    }

    /** A PostgreSQL {@code text[]} parameter. */
    public Array textArray(List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    /** What is done with a prepared, bound statement. */
    @FunctionalInterface
    private interface Use<R> {
        R with(PreparedStatement statement) throws SQLException;
    }

    private <R> R prepared(String sql, Object[] parameters, Use<R> use) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return use.with(statement);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i];
            statement.setObject(i + 1, parameter instanceof Instant instant ? Timestamp.from(instant) : parameter);
        }
    }
}
