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

        @Override
        public void readThroughIndexes(Sql sql) throws SQLException {
            sql.execute("SELECT set_config('enable_seqscan', 'off', true)");
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

        @Override
        public void readThroughIndexes(Sql sql) {
            // InnoDB's SERIALIZABLE locks the index records a read touches, never a whole table for a key lookup.
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

    /**
     * Makes the current SERIALIZABLE transaction read a table by its index wherever one fits, so that it predicate-locks
     * the rows it reads, not the whole table. PostgreSQL: a sequential scan (which the planner prefers for a table of a
     * few rows) always takes a relation-level SIRead lock, so every concurrent serializable writer of the table becomes a
     * read-write conflict and one of each such pair is aborted (40001) though they touched different rows; the manual's
     * advice (section 13.2.3, "Serializable Isolation Level": encourage index scans) for this transaction only. MariaDB:
     * nothing to do.
     */
    public abstract void readThroughIndexes(Sql sql) throws SQLException;

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
