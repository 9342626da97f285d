package dev.stampede.jdbc;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A test's own PostgreSQL transaction that locks rows (with {@code SELECT ... FOR UPDATE}) so that the code under test
 * stops at the lock, a step the test controls: {@link #awaitWaiters} sees it waiting, {@link #close} lets it go.
 */
public final class RowLockHolder implements AutoCloseable {

    private final DataSource dataSource;
    private final Connection connection;
    private final int backendPid;

    private RowLockHolder(DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        this.connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement select = connection.prepareStatement("SELECT pg_backend_pid()");
                ResultSet row = select.executeQuery()) {
            row.next();
            this.backendPid = row.getInt(1);
        }
    }

    /** Locks the rows {@code select} (a {@code SELECT ... FOR UPDATE} with one text parameter) finds. */
    public static RowLockHolder lock(DataSource dataSource, String select, String parameter) throws SQLException {
        RowLockHolder holder = new RowLockHolder(dataSource);
        try (PreparedStatement lock = holder.connection.prepareStatement(select)) {
            lock.setString(1, parameter);
            lock.executeQuery().close();
        }
        return holder;
    }

    /** Waits until {@code count} other sessions wait for a lock this transaction holds, or queue behind such a one. */
    public void awaitWaiters(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> waiters() >= count);
    }

    private int waiters() throws SQLException {
        try (Connection probe = dataSource.getConnection();
                PreparedStatement select = probe.prepareStatement("""
                        WITH RECURSIVE waiting (pid) AS (
                            SELECT pid FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))
                            UNION
                            SELECT a.pid FROM pg_stat_activity a JOIN waiting w ON w.pid = ANY (pg_blocking_pids(a.pid))
                        )
                        SELECT count(*) FROM waiting
                        """)) {
            select.setInt(1, backendPid);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** Ends the transaction (rolling it back), which lets the waiters go; nothing to do if the server cut it. */
    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } catch (SQLException e) {
            if (!SqlStates.isTransient(e)) {
                throw e;
            }
        } finally {
            connection.close();
        }
    }
}
