package dev.stampede.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.bench.service.BenchDatabase;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --db}: a database the bench reads for its audits (never for load). */
final class DatabaseOptions {

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description = "JDBC URL of the database itself, for the bench to read directly.")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "User for --db.")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Password for --db.")
    String password;

    /** A small pool on {@code --db}; empty when none was given. */
    Optional<HikariDataSource> connect() {
        return BenchDatabase.connect(url, user, password);
    }
}
