package dev.stampede.server.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.jdbc.Transactions;

/**
 * A connection pool of its own beside the main one (same database and settings, {@code size} connections, all opened
 * at start), for background work that must not queue behind requests: in a burst of buyers every connection of the
 * main pool is taken, and each stays taken until its request's virtual thread is scheduled again, so work queued among
 * them waits seconds (issue 14: the outbox relay, stop 25; the checkout saga's writers, stop 30). Not a {@code
 * DataSource} bean, so the main pool stays the only one Spring Boot sees; each use is a bean of this type named by its
 * own {@code @Qualifier}.
 */
record DedicatedPool(Transactions transactions, HikariDataSource pool) implements AutoCloseable {

    /** A pool named {@code name} of {@code size} connections, copying {@code main}'s database and settings. */
    static DedicatedPool beside(HikariDataSource main, String name, int size) {
        HikariConfig config = new HikariConfig();
        main.copyStateTo(config);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        HikariDataSource pool = new HikariDataSource(config);
        return new DedicatedPool(new Transactions(pool), pool);
    }

    @Override
    public void close() {
        pool.close();
    }
}
