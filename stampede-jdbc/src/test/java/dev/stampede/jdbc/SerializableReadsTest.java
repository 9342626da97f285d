package dev.stampede.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlDialect#readThroughIndexes} on PostgreSQL (embedded): two SERIALIZABLE transactions that each read and
 * write a different row of a table of ten rows. Read by a sequential scan (which the planner picks for a table that
 * small), each predicate-locks the whole table, each then writes a row the other read, and one of them is aborted
 * (40001) though they share no row; read through the primary key, both commit. Seed 004's ten accounts are such a
 * table (issue 17).
 */
class SerializableReadsTest {

    private static final DataSource DATABASE = TestDatabase.dataSource();

    @BeforeAll
    static void tenRows() throws SQLException {
        try (Connection connection = DATABASE.getConnection();
                Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS serializable_probes");
            ddl.execute("CREATE TABLE serializable_probes (id text PRIMARY KEY, value bigint NOT NULL)");
            ddl.execute("INSERT INTO serializable_probes SELECT 'row-' || n, 0 FROM generate_series(1, 10) n");
            ddl.execute("ANALYZE serializable_probes");
        }
    }

    @Test
    void twoTransactionsOnDifferentRowsOfASmallTableBothCommitWhenTheyReadThroughIndexes() throws SQLException {
        List<Connection> pair = interleave(true);

        commit(pair.get(0));
        commit(pair.get(1));
    }

    @Test
    void twoTransactionsOnDifferentRowsOfASmallTableThatScanItAbortOneOfThem() throws SQLException {
        List<Connection> pair = interleave(false);

        commit(pair.get(0));
        assertThatThrownBy(() -> commit(pair.get(1)))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40001"));
    }

    /** Two open transactions: each has read its row, then each has written it. */
    private static List<Connection> interleave(boolean throughIndexes) throws SQLException {
        Connection first = begin(throughIndexes);
        Connection second = begin(throughIndexes);
        read(first, "row-1");
        read(second, "row-2");
        write(first, "row-1");
        write(second, "row-2");
        return List.of(first, second);
    }

    private static Connection begin(boolean throughIndexes) throws SQLException {
        Connection connection = DATABASE.getConnection();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        if (throughIndexes) {
            Sql sql = Sql.on(connection);
            sql.dialect().readThroughIndexes(sql);
        }
        return connection;
    }

    private static void read(Connection connection, String id) throws SQLException {
        Sql.on(connection).queryOne("SELECT value FROM serializable_probes WHERE id = ?", row -> row.getLong(1), id);
    }

    private static void write(Connection connection, String id) throws SQLException {
        Sql.on(connection).updateOne("probe", "UPDATE serializable_probes SET value = value + 1 WHERE id = ?", id);
    }

    /** Commits and closes; a refused commit has ended the transaction (PostgreSQL rolls it back). */
    private static void commit(Connection connection) throws SQLException {
        try (connection) {
            connection.commit();
        }
    }
}
