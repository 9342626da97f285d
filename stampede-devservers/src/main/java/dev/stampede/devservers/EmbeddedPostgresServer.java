package dev.stampede.devservers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server run from the binaries on the classpath, with durable commits (fsync and synchronous commit
 * on) and its data kept in {@code dataDirectory} across restarts. The server ends with the JVM that started it, even
 * when that JVM is killed with -9 (a {@link Lifeline} asks it for a fast shutdown), so that the data directory and the
 * port are free for the next start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Lifeline lifeline;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Lifeline lifeline) {
        this.postgres = postgres;
        this.lifeline = lifeline;
    }

    /** Starts the server; {@code port} 0 picks a free port. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // The library's default of 10 s is too short on a loaded 2-core machine (seen in the test suite).
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "300")
                    .start();
            return new EmbeddedPostgresServer(
                    postgres, Lifeline.watch(postmasterPid(dataDirectory), Lifeline.Signal.INT));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** The server's process id: the first line of {@code postmaster.pid} (PostgreSQL's lock file). */
    private static long postmasterPid(Path dataDirectory) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                .getFirst()
                .strip());
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String user() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
        } finally {
            lifeline.close();
        }
    }
}
