package dev.stampede.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/** What differs between the databases Stampede runs on. */
public enum SqlDialect {
    POSTGRESQL {
        @Override
        public void setLockTimeout(Connection connection, Duration timeout) throws SQLException {
            try (PreparedStatement set = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
                set.setString(1, timeout.toMillis() + "ms");
                set.execute();
            }
        }

        @Override
        public String lockRowForUpdate() {
            // NO KEY UPDATE: does not block the KEY SHARE locks that foreign-key checks take on the row.
            return " FOR NO KEY UPDATE";
        }
    },
    MARIADB {
        @Override
        public void setLockTimeout(Connection connection, Duration timeout) throws SQLException {
            try (Statement set = connection.createStatement()) {
                set.execute("SET SESSION innodb_lock_wait_timeout = " + Math.max(1, timeout.toSeconds()));
            }
        }

        @Override
        public String lockRowForUpdate() {
            return " FOR UPDATE";
        }
    };

    /** Bounds how long the current transaction waits for a row lock (PostgreSQL: this transaction only). */
    public abstract void setLockTimeout(Connection connection, Duration timeout) throws SQLException;

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
