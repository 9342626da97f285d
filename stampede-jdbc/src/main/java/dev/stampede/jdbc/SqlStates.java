package dev.stampede.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Sorts SQL errors into transient ones (try again later) and the rest, by SQLState and, for MySQL and MariaDB, by
 * vendor code (PostgreSQL's vendor codes are always 0, so they cannot be mistaken for these).
 */
public final class SqlStates {

    /** serialization_failure, deadlock_detected, lock_not_available, too_many_connections, admin/crash shutdown. */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "53300", "57P01", "57P02");

    /** MySQL/MariaDB: deadlock (1213), lock wait timeout (1205), NOWAIT lock refused (3572). */
    private static final Set<Integer> TRANSIENT_MYSQL_CODES = Set.of(1213, 1205, 3572);

    /** serialization_failure, deadlock_detected. */
    private static final Set<String> LOST_RACE_STATES = Set.of("40001", "40P01");

    private static final int MYSQL_DEADLOCK = 1213;

    private SqlStates() {}

    public static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (TRANSIENT_STATES.contains(state) || state.startsWith("08"))) {
                    return true;
                }
                if (TRANSIENT_MYSQL_CODES.contains(sql.getErrorCode())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The database rolled the transaction back to let another one through: a serialization failure (40001), a
     * deadlock (40P01; MySQL/MariaDB 1213). Another attempt may succeed at once.
     */
    public static boolean isLostRace(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && ((sql.getSQLState() != null && LOST_RACE_STATES.contains(sql.getSQLState()))
                            || sql.getErrorCode() == MYSQL_DEADLOCK)) {
                return true;
            }
        }
        return false;
    }

    /** Why a transient error answers busy, for the answer's detail: no vendor text, only the SQLState. */
    public static String busyReason(SQLException e) {
        return isLockTimeout(e) ? "lock wait timed out" : "database busy (" + e.getSQLState() + ")";
    }

    public static boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState()) || e.getErrorCode() == 1205;
    }

    /** A unique constraint was violated: PostgreSQL 23505, MySQL/MariaDB 1062. */
    public static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 1062;
    }
}
