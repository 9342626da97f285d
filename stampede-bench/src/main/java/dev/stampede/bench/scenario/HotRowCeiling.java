package dev.stampede.bench.scenario;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * What the database alone can do on one hot row, with no HTTP and no service: plain SQL over JDBC, the same tables
 * and durable commits. {@code perTransaction}: each purchase is a conditional update plus an order insert in its own
 * transaction, from several threads. {@code batched}: one thread sells {@code batch} units per transaction.
 */
public final class HotRowCeiling {

    /** Purchases committed, and how long it took. */
    public record Result(String mode, int threads, int batch, long purchases, double seconds) {
        public double purchasesPerSecond() {
            return purchases / seconds;
        }

        public double transactionsPerSecond() {
            return purchases / (double) batch / seconds;
        }
    }

    private final DataSource database;

    public HotRowCeiling(DataSource database) {
        this.database = database;
    }

    public Result perTransaction(int units, int threads) throws Exception {
        String sku = newSku(units);
        AtomicLong sold = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try (Connection connection = database.getConnection()) {
                    connection.setAutoCommit(false);
                    while (sellOne(connection, sku)) {
                        sold.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Result("one purchase per transaction", threads, 1, sold.get(), seconds(start));
    }

    public Result batched(int units, int batch) throws Exception {
        String sku = newSku(units);
        long sold = 0;
        long start = System.nanoTime();
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            while (sold < units) {
                int n = (int) Math.min(batch, units - sold);
                sellBatch(connection, sku, n);
                sold += n;
            }
        }
        return new Result("group commit", 1, batch, sold, seconds(start));
    }

    private static boolean sellOne(Connection connection, String sku) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE skus SET stock = stock - 1 WHERE id = ? AND stock >= 1")) {
            update.setString(1, sku);
            if (update.executeUpdate() == 0) {
                connection.rollback();
                return false;
            }
        }
        insertOrders(connection, sku, 1);
        connection.commit();
        return true;
    }

    private static void sellBatch(Connection connection, String sku, int n) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT stock FROM skus WHERE id = ? FOR UPDATE");
                PreparedStatement update =
                        connection.prepareStatement("UPDATE skus SET stock = stock - ? WHERE id = ?")) {
            lock.setString(1, sku);
            lock.executeQuery().close();
            update.setInt(1, n);
            update.setString(2, sku);
            update.executeUpdate();
        }
        insertOrders(connection, sku, n);
        connection.commit();
    }

    private static void insertOrders(Connection connection, String sku, int n) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO orders (id, sku_id, buyer_id, quantity, created_at) VALUES (?, ?, ?, 1, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            for (int i = 0; i < n; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, sku);
                insert.setString(3, "raw-" + i);
                insert.setTimestamp(4, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private String newSku(int units) throws SQLException {
        String sku = "hot-row-" + UUID.randomUUID();
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO skus (id, name, strategy, initial_stock, stock, created_at)"
                                + " VALUES (?, 'hot row', 'raw', ?, ?, now())")) {
            insert.setString(1, sku);
            insert.setInt(2, units);
            insert.setInt(3, units);
            insert.executeUpdate();
        }
        return sku;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
