package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.StockReturnFeed;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StockReturnFeed} on PostgreSQL's {@code LISTEN}/{@code NOTIFY}: a return is a notification on channel
 * {@value #CHANNEL} carrying the SKU id, sent in the transaction that returns the units, so PostgreSQL delivers it to
 * every listening session when, and only if, that transaction commits. Each instance listens on a database session of
 * its own, on one thread. Whenever it starts listening (at start, and again after its session broke, when notifications
 * may have been missed) it tells its listener that any SKU may have come back.
 */
final class PgStockReturnFeed implements StockReturnFeed {

    static final String CHANNEL = "stampede_stock_returned";

    private static final Logger log = LoggerFactory.getLogger(PgStockReturnFeed.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    /** How long {@link #close()} waits for the listening thread: four polls. */
    private static final Duration CLOSE_WAIT = Duration.ofMillis(4L * POLL_MILLIS);

    private final DataSource dataSource;
    private final Transactions transactions;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean closed;

    PgStockReturnFeed(DataSource dataSource, Listener listener) {
        this.dataSource = dataSource;
        this.transactions = new Transactions(dataSource);
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("stock-return-feed").daemon().start(this::listen);
    }

    /** Sends the news of a return of {@code skuId} in the caller's transaction: delivered if it commits. */
    static void publish(Sql sql, String skuId) throws SQLException {
        sql.execute("SELECT pg_notify(?, ?)", CHANNEL, skuId);
    }

    @Override
    public void publish(String skuId) {
        transactions.required(connection -> {
            publish(Sql.on(connection), skuId);
            return null;
        });
    }

    private void listen() {
        while (!closed) {
            try (Connection session = dataSource.getConnection()) {
                session.setAutoCommit(true);
                Sql.on(session).execute("LISTEN " + CHANNEL);
                listener.mayHaveReturned();
                PGConnection notifications = session.unwrap(PGConnection.class);
                try {
                    while (!closed) {
                        PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                        if (received != null && !closed) {
                            for (PGNotification notification : received) {
                                listener.returned(notification.getParameter());
                            }
                        }
                    }
                } finally {
                    // Through the pool's own connection (the poll above bypasses it): a session that broke fails here
                    // too, so the pool discards it; a sound one goes back to the pool listening to nothing.
                    Sql.on(session).execute("UNLISTEN *");
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("The stock return feed lost its database session; every SKU's stock memory is forgotten", e);
                listener.mayHaveReturned();
                LockSupport.parkNanos(RECONNECT_PAUSE.toNanos());
            }
        }
    }

    /**
     * Stops listening and waits (at most {@link #CLOSE_WAIT}) for the thread to end at its next poll, within half a
     * second: its database session is back in the pool when this returns, so a pool closed next closes no session in
     * use (which the pool would report as a broken connection). Delivers nothing more.
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
