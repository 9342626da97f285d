package dev.stampede.jdbc;

import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

/**
 * A real MariaDB server, named by {@code STAMPEDE_TEST_MARIADB_URL} (with {@code _USER} and {@code _PASSWORD}).
 * {@code .ci/run} starts one. Without it, tests that need it are skipped on a developer's machine and fail in CI.
 */
public final class MariaDbTestDatabase {

    private static final Optional<DataSource> DATA_SOURCE = connect();

    private MariaDbTestDatabase() {}

    /** The migrated database, or the test is skipped (locally) or failed (when {@code CI=true}). */
    public static DataSource require() {
        if (DATA_SOURCE.isEmpty()) {
            String why = "STAMPEDE_TEST_MARIADB_URL is not set: no MariaDB server to test against"
                    + " (.ci/run starts one; see CONTRIBUTING.md)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return DATA_SOURCE.get();
    }

    private static Optional<DataSource> connect() {
        String url = System.getenv("STAMPEDE_TEST_MARIADB_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(System.getenv().getOrDefault("STAMPEDE_TEST_MARIADB_USER", "root"));
        config.setPassword(System.getenv("STAMPEDE_TEST_MARIADB_PASSWORD"));
        config.setMaximumPoolSize(16);
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/mariadb")
                .load()
                .migrate();
        return Optional.of(dataSource);
    }
}
