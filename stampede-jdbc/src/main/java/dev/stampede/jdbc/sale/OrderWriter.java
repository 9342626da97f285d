package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.Order;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.jdbc.Sql;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Inserts orders inside the caller's transaction and completes their idempotency claims in the same transaction, so
 * that an order and its key are committed together or not at all. Timestamps are cut to microseconds, as PostgreSQL
 * stores them, so that a replayed order reads back identical.
 */
final class OrderWriter {

    /** What writing a batch of orders came to; a {@link ClaimLost} transaction must roll back. */
    sealed interface Written {}

    /** The orders, one per request in order; their claims are completed. */
    record Orders(List<Order> orders) implements Written {}

    /**
     * The request's idempotency key is no longer claimed under its token: its claim was taken over (see {@link
     * JdbcIdempotencyStore}). Nothing of the batch may be committed; the request answers {@code KeyInFlight}.
     */
    record ClaimLost(PurchaseRequest request) implements Written {}

    private static final String INSERT = "INSERT INTO orders (id, sku_id, buyer_id, quantity, idempotency_key,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?)";

    /** Fenced by the claim token in the write itself: a claim taken over no longer carries it. */
    private static final String COMPLETE = "UPDATE idempotency_keys SET state = 'completed', order_id = ?"
            + " WHERE buyer_id = ? AND idem_key = ? AND state = 'in_flight' AND claim = ?";

    private final Clock clock;

    OrderWriter(Clock clock) {
        this.clock = clock;
    }

    Written insert(Sql sql, PurchaseRequest request) throws SQLException {
        return insertAll(sql, List.of(request));
    }

    /**
     * Inserts the request's order under {@code orderId} unless an order with that id is there already (then that one
     * is kept), and completes the request's claim with it. {@link ClaimLost} also when the buyer's key is applied to
     * another order already (the unique index refused the insert).
     */
    Written insertOnce(Sql sql, UUID orderId, PurchaseRequest request) throws SQLException {
        Order fresh = new Order(
                orderId,
                request.skuId(),
                request.buyerId(),
                request.quantity(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        sql.update(
                sql.dialect().insertIgnoringDuplicates(INSERT),
                orderId,
                fresh.skuId(),
                fresh.buyerId(),
                fresh.quantity(),
                request.idempotencyKey(),
                fresh.createdAt());
        Optional<Order> stored = sql.queryFirst(
                "SELECT id, sku_id, buyer_id, quantity, created_at FROM orders WHERE id = ?",
                row -> new Order(
                        row.getObject(1, UUID.class),
                        row.getString(2),
                        row.getString(3),
                        row.getInt(4),
                        row.getObject(5, OffsetDateTime.class).toInstant()),
                orderId);
        if (stored.isEmpty()) {
            return new ClaimLost(request);
        }
        Order order = stored.get();
        if (!order.skuId().equals(request.skuId())
                || !order.buyerId().equals(request.buyerId())
                || order.quantity() != request.quantity()) {
            throw new IllegalStateException("order %s is stored for another request".formatted(orderId));
        }
        return completeClaims(sql, List.of(request), List.of(order));
    }

    Written insertAll(Sql sql, List<PurchaseRequest> requests) throws SQLException {
        List<Order> orders = new ArrayList<>(requests.size());
        List<Object[]> rows = new ArrayList<>(requests.size());
        for (PurchaseRequest request : requests) {
            Order order = Order.of(request, clock.instant().truncatedTo(ChronoUnit.MICROS));
            orders.add(order);
            rows.add(new Object[] {
                order.id(),
                order.skuId(),
                order.buyerId(),
                order.quantity(),
                request.idempotencyKey(),
                order.createdAt()
            });
        }
        sql.batch(INSERT, rows);
        return completeClaims(sql, requests, orders);
    }

    /** Completes the claim of every keyed request; the first whose claim was taken over is answered as lost. */
    private static Written completeClaims(Sql sql, List<PurchaseRequest> requests, List<Order> orders)
            throws SQLException {
        List<PurchaseRequest> keyed = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            PurchaseRequest request = requests.get(i);
            if (request.idempotencyKey() != null) {
                if (request.claim() == null) {
                    throw new IllegalStateException("idempotency key %s of buyer %s was never claimed"
                            .formatted(request.idempotencyKey(), request.buyerId()));
                }
                keyed.add(request);
                rows.add(new Object[] {orders.get(i).id(), request.buyerId(), request.idempotencyKey(), request.claim()
                });
            }
        }
        if (keyed.isEmpty()) {
            return new Orders(orders);
        }
        int[] counts = sql.batch(COMPLETE, rows);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                return new ClaimLost(keyed.get(i));
            }
            if (counts[i] != 1) {
                throw new IllegalStateException("completing idempotency key %s changed %d rows"
                        .formatted(keyed.get(i).idempotencyKey(), counts[i]));
            }
        }
        return new Orders(orders);
    }
}
