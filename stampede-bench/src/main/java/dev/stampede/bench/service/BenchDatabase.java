package dev.stampede.bench.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;

/** A small pool on a database the bench reads for audits (never used for load). */
public final class BenchDatabase {

    private BenchDatabase() {}

    public static Optional<HikariDataSource> connect(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-audit");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        return Optional.of(new HikariDataSource(config));
    }
}
