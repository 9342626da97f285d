package dev.stampede.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.devservers.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * A PostgreSQL of a test's own, on a fixed port and data directory, that the test stops (a fast shutdown: every
 * session is cut, mid-statement or not) and starts again with its data; and a pool on it that fails fast while it is
 * down and reconnects once it is back.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private final HikariDataSource dataSource;
    private EmbeddedPostgresServer server;

    public RestartablePostgres() {
        try {
            dataDirectory = Files.createTempDirectory("stampede-restart-pg");
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = EmbeddedPostgresServer.start(dataDirectory, port);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.user());
        config.setMaximumPoolSize(16);
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/postgresql")
                .load()
                .migrate();
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    /** Stops the server; its sessions are terminated (SQLState 57P01) and new connections are refused. */
    public void stop() {
        server.close();
        server = null;
    }

    /**
     * Starts the server again on the same port, with the data it had, and drops the pool's idle connections to the
     * old server (each would otherwise fail once, 57P01, on its next use).
     */
    public void start() {
        server = EmbeddedPostgresServer.start(dataDirectory, port);
        dataSource.getHikariPoolMXBean().softEvictConnections();
    }

    @Override
    public void close() {
        dataSource.close();
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
