package dev.stampede.jdbc;

import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Stops a PostgreSQL transaction inside its {@code COMMIT}, so that a test can lose the connection at the one moment a
 * client cannot tell whether its work was applied. A deferred constraint trigger on the watched table (for rows whose
 * column starts with {@link #MARK}) waits at commit time for an advisory lock the test holds; meanwhile the test either
 * closes the client's socket (the commit then completes on the server: applied, the reply lost) or terminates the
 * backend (the commit is abandoned: not applied). Either way the client's {@code commit()} fails without an answer.
 * The commits must run on connections from {@link #tracking}, so that the client side of a stalled backend can be
 * found.
 */
public final class CommitStall {

    /** Rows whose watched column starts with this stall their transaction's commit. */
    public static final String MARK = "commit-stall";

    private static final long LOCK = 0x5354414c4cL;

    private final DataSource admin;
    private final Map<Integer, Connection> committing = new ConcurrentHashMap<>();

    private CommitStall(DataSource admin) {
        this.admin = admin;
    }

    /** A stall that uses {@code admin} for itself (never tracked); it watches no table until {@link #watching}. */
    public static CommitStall on(DataSource admin) throws SQLException {
        try (Connection connection = admin.getConnection();
                Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE OR REPLACE FUNCTION stampede_test_commit_stall() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN PERFORM pg_advisory_xact_lock_shared(" + LOCK + "); RETURN NULL; END $$");
        }
        return new CommitStall(admin);
    }

    /** Stalls, while {@linkplain #hold held}, the commits that wrote a row of {@code table} whose {@code column} is marked. */
    public CommitStall watching(String table, String column) throws SQLException {
        try (Connection connection = admin.getConnection();
                Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TRIGGER IF EXISTS commit_stall ON " + table);
            ddl.execute("CREATE CONSTRAINT TRIGGER commit_stall AFTER INSERT OR UPDATE ON " + table
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW." + column + " LIKE '" + MARK
                    + "%') EXECUTE FUNCTION stampede_test_commit_stall()");
        }
        return this;
    }

    /**
     * {@code dataSource}, whose connections let the stall find the client side of a commit in flight by its backend's
     * pid.
     */
    public DataSource tracking(DataSource dataSource) {
        return (DataSource) Proxy.newProxyInstance(
                CommitStall.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    return result instanceof Connection connection ? committing(connection) : result;
                });
    }

    /** {@code connection}, noted as committing (by its backend's pid) while its {@code commit()} runs. */
    private Connection committing(Connection connection) throws SQLException {
        int pid = connection.unwrap(PGConnection.class).getBackendPID();
        return (Connection) Proxy.newProxyInstance(
                CommitStall.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("commit")) {
                        return invoke(connection, method, args);
                    }
                    committing.put(pid, connection);
                    try {
                        return invoke(connection, method, args);
                    } finally {
                        committing.remove(pid);
                    }
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Takes the lock: from now on marked commits wait at the database until {@link Held#close}. */
    public Held hold() throws SQLException {
        Connection holder = admin.getConnection();
        try (Statement lock = holder.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(" + LOCK + ")");
        }
        return new Held(holder);
    }

    /** The held lock, and what a test can do to the commit stalled behind it. */
    public final class Held implements AutoCloseable {

        private final Connection holder;

        private Held(Connection holder) {
            this.holder = holder;
        }

        /** Waits until a transaction is stalled in its commit; answers its backend's pid. */
        public int awaitStalledCommit() {
            return await().atMost(Duration.ofSeconds(30)).until(this::stalledBackend, pid -> pid != 0);
        }

        private int stalledBackend() throws SQLException {
            try (PreparedStatement select =
                    holder.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                            + " AND ((classid::bigint << 32) | objid::bigint) = ?")) {
                select.setLong(1, LOCK);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getInt(1) : 0;
                }
            }
        }

        /**
         * Closes the client's socket under the stalled commit, and waits until the client's {@code commit()} has
         * returned (failed: the database is still holding the commit).
         */
        public void cutClient(int pid) throws SQLException {
            Connection client = committing.get(pid);
            if (client == null) {
                throw new IllegalStateException("backend " + pid + " is in no tracked commit");
            }
            client.unwrap(Connection.class).abort(Runnable::run);
            await().atMost(Duration.ofSeconds(30)).until(() -> !committing.containsKey(pid));
        }

        /** Terminates the stalled backend: its transaction never commits. */
        public void terminate(int pid) throws SQLException {
            try (PreparedStatement kill = holder.prepareStatement("SELECT pg_terminate_backend(?)")) {
                kill.setInt(1, pid);
                kill.execute();
            }
        }

        /** Waits until the backend has exited, its transaction decided. */
        public void awaitGone(int pid) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !alive(pid));
        }

        private boolean alive(int pid) throws SQLException {
            try (PreparedStatement select = holder.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
                select.setInt(1, pid);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        }

        /** Lets stalled commits go on. */
        @Override
        public void close() throws SQLException {
            try (Statement unlock = holder.createStatement()) {
                unlock.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
            } finally {
                holder.close();
            }
        }
    }
}
