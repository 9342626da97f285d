package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.Order;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.StockCopies.Placing;
import dev.stampede.jdbc.Sql;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
     * What {@link #insertAllOnce} did for one placing.
     *
     * @param stored the order stored under the placing's id; empty when none is (the unique index refused the insert:
     *     the buyer's key is applied to another order already)
     * @param inserted whether this call stored it (else it was stored before)
     */
    record Once(Placing placing, Optional<Order> stored, boolean inserted) {}

    private static final String INSERT_ONCE = """
            INSERT INTO orders (id, sku_id, buyer_id, quantity, idempotency_key, created_at)
            SELECT p.id::uuid, ?::text, p.buyer_id, p.quantity::int, p.idempotency_key, ?::timestamptz
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS p (id, buyer_id, quantity, idempotency_key)
            ON CONFLICT DO NOTHING
            RETURNING id
            """;

    /**
     * Inserts each placing's order (all of {@code skuId}) under its id unless an order with that id is stored already,
     * in one statement (PostgreSQL), without completing any claim; answers per placing, in order, what is stored under
     * its id and whether this call inserted it. Throws {@link IllegalStateException} if an order with a placing's id is
     * stored for another request.
     */
    List<Once> insertAllOnce(Sql sql, List<Placing> placings) throws SQLException {
        String skuId = placings.getFirst().request().skuId();
        List<String> ids = new ArrayList<>(placings.size());
        List<String> buyers = new ArrayList<>(placings.size());
        List<String> quantities = new ArrayList<>(placings.size());
        List<String> keys = new ArrayList<>(placings.size());
        for (Placing placing : placings) {
            if (!placing.request().skuId().equals(skuId)) {
                throw new IllegalArgumentException("placings of SKUs %s and %s in one write"
                        .formatted(skuId, placing.request().skuId()));
            }
            ids.add(placing.orderId().toString());
            buyers.add(placing.request().buyerId());
            quantities.add(Integer.toString(placing.request().quantity()));
            keys.add(placing.request().idempotencyKey());
        }
        Set<UUID> inserted = new HashSet<>(sql.query(
                INSERT_ONCE,
                row -> row.getObject(1, UUID.class),
                skuId,
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                sql.textArray(ids),
                sql.textArray(buyers),
                sql.textArray(quantities),
                sql.textArray(keys)));
        Map<UUID, Order> stored = new HashMap<>();
        for (Order order : sql.query(
                "SELECT id, sku_id, buyer_id, quantity, created_at FROM orders WHERE id = ANY (?::uuid[])",
                row -> new Order(
                        row.getObject(1, UUID.class),
                        row.getString(2),
                        row.getString(3),
                        row.getInt(4),
                        row.getObject(5, OffsetDateTime.class).toInstant()),
                sql.textArray(ids))) {
            stored.put(order.id(), order);
        }
        List<Once> done = new ArrayList<>(placings.size());
        for (Placing placing : placings) {
            Optional<Order> order = Optional.ofNullable(stored.get(placing.orderId()));
            PurchaseRequest request = placing.request();
            if (order.isPresent()
                    && (!order.get().skuId().equals(request.skuId())
                            || !order.get().buyerId().equals(request.buyerId())
                            || order.get().quantity() != request.quantity())) {
                throw new IllegalStateException("order %s is stored for another request".formatted(placing.orderId()));
            }
            done.add(new Once(placing, order, inserted.contains(placing.orderId())));
        }
        return done;
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

    /**
     * Completes the claim of every keyed request with its order (same index); the first whose claim was taken over is
     * answered as lost, and the caller must roll back.
     */
    static Written completeClaims(Sql sql, List<PurchaseRequest> requests, List<Order> orders) throws SQLException {
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
