package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.Order;
import dev.stampede.core.sale.PurchaseRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Inserts orders inside the caller's transaction and completes their idempotency claims in the same transaction, so
 * that an order and its key are committed together or not at all. Timestamps are cut to microseconds, as PostgreSQL
 * stores them, so that a replayed order reads back identical.
 */
final class OrderWriter {

    private final Clock clock;

    OrderWriter(Clock clock) {
        this.clock = clock;
    }

    Order insert(Connection connection, PurchaseRequest request) throws SQLException {
        return insertAll(connection, List.of(request)).getFirst();
    }

    List<Order> insertAll(Connection connection, List<PurchaseRequest> requests) throws SQLException {
        List<Order> orders = new ArrayList<>(requests.size());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO orders (id, sku_id, buyer_id, quantity, idempotency_key, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (PurchaseRequest request : requests) {
                Order order = Order.of(request, clock.instant().truncatedTo(ChronoUnit.MICROS));
                orders.add(order);
                insert.setObject(1, order.id());
                insert.setString(2, order.skuId());
                insert.setString(3, order.buyerId());
                insert.setInt(4, order.quantity());
                insert.setString(5, request.idempotencyKey());
                insert.setTimestamp(6, Timestamp.from(order.createdAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        completeClaims(connection, requests, orders);
        return orders;
    }

    /**
     * Completes the idempotency claim of every keyed request, fenced by its claim token in the write itself: a claim
     * taken over by another request (see {@link JdbcIdempotencyStore}) no longer carries this token, the update finds
     * no row, and the first such request is reported as a {@link ClaimLostException} for the caller to roll back.
     */
    private static void completeClaims(Connection connection, List<PurchaseRequest> requests, List<Order> orders)
            throws SQLException {
        List<PurchaseRequest> keyed = new ArrayList<>();
        try (PreparedStatement complete =
                connection.prepareStatement("UPDATE idempotency_keys SET state = 'completed', order_id = ?"
                        + " WHERE buyer_id = ? AND idem_key = ? AND state = 'in_flight' AND claim = ?")) {
            for (int i = 0; i < requests.size(); i++) {
                PurchaseRequest request = requests.get(i);
                if (request.idempotencyKey() != null) {
                    if (request.claim() == null) {
                        throw new IllegalStateException("idempotency key %s of buyer %s was never claimed"
                                .formatted(request.idempotencyKey(), request.buyerId()));
                    }
                    keyed.add(request);
                    complete.setObject(1, orders.get(i).id());
                    complete.setString(2, request.buyerId());
                    complete.setString(3, request.idempotencyKey());
                    complete.setObject(4, request.claim());
                    complete.addBatch();
                }
            }
            if (keyed.isEmpty()) {
                return;
            }
            int[] counts = complete.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    throw new ClaimLostException(keyed.get(i));
                }
                if (counts[i] != 1) {
                    throw new IllegalStateException("completing idempotency key %s changed %d rows"
                            .formatted(keyed.get(i).idempotencyKey(), counts[i]));
                }
            }
        }
    }
}
