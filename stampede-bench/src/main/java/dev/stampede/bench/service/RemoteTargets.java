package dev.stampede.bench.service;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Instances already running somewhere ({@code --target}), optionally with their database ({@code --db}). */
public final class RemoteTargets implements StampedeTargets {

    private final List<URI> baseUris;
    private final String adminToken;
    private final Optional<HikariDataSource> database;

    public RemoteTargets(List<URI> baseUris, String adminToken, Optional<HikariDataSource> database) {
        this.baseUris = List.copyOf(baseUris);
        this.adminToken = adminToken;
        this.database = database;
    }

    @Override
    public List<URI> baseUris() {
        return baseUris;
    }

    @Override
    public String adminToken() {
        return adminToken;
    }

    @Override
    public Optional<DataSource> database() {
        return database.map(DataSource.class::cast);
    }

    @Override
    public String describe() {
        return "targets " + baseUris + (database.isPresent() ? " with the database audited directly" : "");
    }

    @Override
    public void close() {
        database.ifPresent(HikariDataSource::close);
    }
}
