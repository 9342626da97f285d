package dev.stampede.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.devservers.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** One embedded PostgreSQL per test JVM, migrated to the current schema; tests keep apart by using fresh ids. */
public final class TestDatabase {

    private static final DataSource DATA_SOURCE = start();

    private TestDatabase() {}

    public static DataSource dataSource() {
        return DATA_SOURCE;
    }

    private static DataSource start() {
        try {
            EmbeddedPostgresServer server =
                    EmbeddedPostgresServer.start(Files.createTempDirectory("stampede-test-pg"), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername(server.user());
            config.setMaximumPoolSize(16);
            HikariDataSource dataSource = new HikariDataSource(config);
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/postgresql")
                    .load()
                    .migrate();
            return dataSource;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
