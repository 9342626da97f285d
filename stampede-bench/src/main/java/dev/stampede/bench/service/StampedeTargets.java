package dev.stampede.bench.service;

import dev.stampede.core.sale.SkuStore;
import dev.stampede.devservers.LocalHaproxy;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The Stampede instances a bench drives, and the database behind them when the bench can read it. */
public interface StampedeTargets extends AutoCloseable {

    /** Where the load goes: the instances themselves, or the balancer in front of them. */
    List<URI> baseUris();

    /** The instances themselves, each read for its own metrics; the same as {@link #baseUris()} without a balancer. */
    default List<URI> instanceUris() {
        return baseUris();
    }

    String adminToken();

    /**
     * The counters of the balancer in front of the instances, read now ({@link LocalHaproxy#counters}); empty without
     * one.
     */
    default Optional<LocalHaproxy.BalancerCounters> balancerCounters() {
        return Optional.empty();
    }

    /** The database itself, for the audit; empty when not reachable. */
    Optional<DataSource> database();

    /** The SKUs in that database, for the audit of a sale; empty when it is not reachable. */
    default Optional<SkuStore> skus() {
        return database().map(dataSource -> JdbcSaleStores.skus(new Transactions(dataSource), Clock.systemUTC()));
    }

    /**
     * Kills instance {@code index} (of {@link #baseUris()}) with SIGKILL, as {@code kill -9} would, and starts it again
     * with the same settings at the same address; answers once it serves again. Only instances the bench started as
     * child processes can be killed: the others refuse ({@link UnsupportedOperationException}).
     */
    default void killAndRestart(int index) {
        throw new UnsupportedOperationException("only the bench's own child-process instances can be killed");
    }

    /** One line saying what is being driven, for the report. */
    String describe();

    @Override
    void close();
}
