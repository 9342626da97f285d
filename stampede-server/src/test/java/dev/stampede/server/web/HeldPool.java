package dev.stampede.server.web;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Every connection of the service's request pool held by a test, as a sale's burst holds them, until {@link #close}:
 * the idle ones at once, and each one the service's own users give back afterwards, taken by a borrower queued before
 * any of theirs could queue again.
 */
final class HeldPool implements AutoCloseable {

    private final List<Connection> held = new CopyOnWriteArrayList<>();
    private final AtomicBoolean holding = new AtomicBoolean(true);
    private final Thread hog;

    HeldPool(DataSource dataSource) throws SQLException {
        HikariDataSource requests = (HikariDataSource) dataSource;
        HikariPoolMXBean pool = requests.getHikariPoolMXBean();
        try {
            while (pool.getIdleConnections() > 0 || pool.getTotalConnections() < requests.getMaximumPoolSize()) {
                held.add(requests.getConnection());
            }
        } catch (SQLException e) {
            giveBack();
            throw e;
        }
        hog = Thread.ofVirtual().start(() -> {
            while (holding.get()) {
                try {
                    held.add(requests.getConnection());
                } catch (SQLException e) {
                    // nothing given back within the pool's timeout (or this holder is closing): queue again
                }
            }
        });
    }

    @Override
    public void close() throws Exception {
        holding.set(false);
        hog.interrupt();
        hog.join();
        giveBack();
    }

    private void giveBack() throws SQLException {
        for (Connection connection : held) {
            connection.close();
        }
    }
}
