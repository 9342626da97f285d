package dev.stampede.bench.service;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The Stampede instances a bench drives, and the database behind them when the bench can read it. */
public interface StampedeTargets extends AutoCloseable {

    List<URI> baseUris();

    String adminToken();

    /** The database itself, for the audit; empty when not reachable. */
    Optional<DataSource> database();

    /** One line saying what is being driven, for the report. */
    String describe();

    @Override
    void close();
}
