package dev.stampede.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/**
 * What differs between the databases Stampede runs on, in one place (db-scheduler's {@code JdbcCustomization}): lock
 * timeouts, lock clauses, inserts that ignore duplicates. A {@link Sql} answers the dialect of its connection.
 */
public enum SqlDialect {
    POSTGRESQL {
        @Override
        public void setLockTimeout(Sql sql, Duration timeout) throws SQLException {
            sql.execute("SELECT set_config('lock_timeout', ?, true)", timeout.toMillis() + "ms");
        }

        @Override
        public String insertIgnoringDuplicates(String insert) {
            return insert + " ON CONFLICT DO NOTHING";
        }

        @Override
        public String lockRowForUpdate() {
            // NO KEY UPDATE: does not block the KEY SHARE locks that foreign-key checks take on the row.
            return " FOR NO KEY UPDATE";
        }
    },
    MARIADB {
        @Override
        public void setLockTimeout(Sql sql, Duration timeout) throws SQLException {
            sql.execute("SET SESSION innodb_lock_wait_timeout = " + Math.max(1, timeout.toSeconds()));
        }

        @Override
        public String insertIgnoringDuplicates(String insert) {
            if (!insert.startsWith("INSERT INTO ")) {
                throw new IllegalArgumentException("not an INSERT INTO statement: " + insert);
            }
            return "INSERT IGNORE" + insert.substring("INSERT".length());
        }

        @Override
        public String lockRowForUpdate() {
            return " FOR UPDATE";
        }
    };

    /** Bounds how long the current transaction waits for a row lock (PostgreSQL: this transaction only). */
    public abstract void setLockTimeout(Sql sql, Duration timeout) throws SQLException;

    /**
     * {@code insert} ({@code INSERT INTO ... VALUES} or {@code ... SELECT}, nothing after) made to insert nothing,
     * without an error, where it would duplicate a unique key: the row count then says whether it inserted. PostgreSQL:
     * {@code ON CONFLICT DO NOTHING}; MariaDB: {@code INSERT IGNORE} (which also turns other errors of the row into
     * warnings, so use it where the values are known to fit).
     */
    public abstract String insertIgnoringDuplicates(String insert);

    /** The clause that locks a selected row for an update of its non-key columns. */
    public abstract String lockRowForUpdate();

    public static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return MARIADB;
        }
        throw new IllegalStateException("unsupported database: " + product + " (use PostgreSQL or MariaDB)");
    }
}
