package dev.stampede.bench.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.devservers.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A fresh embedded PostgreSQL (durable commits, in a temporary directory deleted at {@link #close()}) with Stampede's
 * schema migrated by Flyway ({@code db/migration/postgresql}) and no service on it: for the benches that drive the
 * stores themselves, without HTTP.
 */
public final class MigratedPostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final EmbeddedPostgresServer postgres;
    private final HikariDataSource pool;

    /** Starts the server and migrates it; {@code poolSize} connections at most. */
    public MigratedPostgres(int poolSize) {
        try {
            this.dataDirectory = Files.createTempDirectory("stampede-bench-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.postgres = EmbeddedPostgresServer.start(dataDirectory, 0);
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-stores");
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.user());
        config.setMaximumPoolSize(poolSize);
        this.pool = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration/postgresql")
                .load()
                .migrate();
    }

    public DataSource database() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
        postgres.close();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
