package dev.stampede.core.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/** Breaks {@code CoreHasNoFrameworkOrDriverTest}: a core class that reaches JDBC. */
public final class StoreUsingJdbc {

    private StoreUsingJdbc() {}

    public static boolean isOpen(Connection connection) throws SQLException {
        return !connection.isClosed();
    }
}
