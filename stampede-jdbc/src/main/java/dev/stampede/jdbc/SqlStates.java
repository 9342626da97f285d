package dev.stampede.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Sorts SQL errors into transient ones (try again later) and the rest, by SQLState and vendor code. */
public final class SqlStates {

    /** serialization_failure, deadlock_detected, lock_not_available, too_many_connections, admin/crash shutdown. */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "53300", "57P01", "57P02");

    private SqlStates() {}

    public static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (TRANSIENT_STATES.contains(state) || state.startsWith("08")) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState());
    }
}
