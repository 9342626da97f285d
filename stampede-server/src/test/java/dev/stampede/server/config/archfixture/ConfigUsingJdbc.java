package dev.stampede.server.config.archfixture;

import dev.stampede.jdbc.Transactions;
import javax.sql.DataSource;

/** Keeps the first rule of {@code AdaptersStayBehindPortsTest}: the config package may wire jdbc. */
public final class ConfigUsingJdbc {

    private ConfigUsingJdbc() {}

    public static Transactions transactions(DataSource dataSource) {
        return new Transactions(dataSource);
    }
}
