package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.Order;
import dev.stampede.core.sale.OrderStore.Placement;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Ending;
import dev.stampede.jdbc.sale.OrderWriter.Once;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The {@link StockCopies} on PostgreSQL: the generation is {@code skus.copy_generation}, the durable stock {@code
 * skus.stock}. A placement inserts its orders (those not stored yet), takes their units from the row in one
 * conditional {@code UPDATE} that also checks the generation, and completes their claims, all in one transaction; a
 * member whose claim was taken over rolls it back and the rest is written again without it.
 */
final class JdbcStockCopies implements StockCopies {

    /** The fence: 1 row if the copy is current and the stock covers the units, else 0 and nothing may commit. */
    private static final String TAKE_UNITS =
            "UPDATE skus SET stock = stock - ? WHERE id = ? AND copy_generation = ? AND stock >= ?";

    private final Transactions transactions;
    private final OrderWriter orders;

    JdbcStockCopies(Transactions transactions, OrderWriter orders) {
        this.transactions = transactions;
        this.orders = orders;
    }

    /**
     * Also tells every instance that the SKU's stock may have come back ({@link PgStockReturnFeed}, in the same
     * transaction): the takes of the copy replaced that never became orders are units the new copy sells again, so a
     * sold-out answer remembered from the old copy is no longer true.
     */
    @Override
    public OptionalLong generation(String skuId) {
        return transactions.required(connection -> Sql.on(connection)
                .queryFirst("SELECT copy_generation FROM skus WHERE id = ?", columns -> columns.getLong(1), skuId)
                .map(OptionalLong::of)
                .orElseGet(OptionalLong::empty));
    }

    @Override
    public Optional<Copy> newCopy(String skuId, long replacing) {
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            record Row(long generation, int initialStock, int stock, OptionalInt maxPerBuyer) {}
            Optional<Row> row = sql.queryFirst(
                    "UPDATE skus SET copy_generation = copy_generation + 1 WHERE id = ? AND copy_generation = ?"
                            + " RETURNING copy_generation, initial_stock, stock, max_per_buyer",
                    columns -> new Row(
                            columns.getLong(1), columns.getInt(2), columns.getInt(3), BuyerUnits.limit(columns, 4)),
                    skuId,
                    replacing);
            // Read under the row lock the UPDATE holds: no fenced write of the SKU commits in between.
            Optional<Copy> copy = row.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new Copy(
                            row.get().generation(),
                            row.get().initialStock(),
                            row.get().stock(),
                            row.get().maxPerBuyer(),
                            row.get().maxPerBuyer().isEmpty() ? Map.of() : heldByBuyer(sql, skuId)));
            if (copy.isPresent()) {
                PgStockReturnFeed.publish(sql, skuId);
            }
            return copy;
        });
    }

    /** The units each buyer holds in the SKU's orders (buyers holding none are absent). */
    private static Map<String, Integer> heldByBuyer(Sql sql, String skuId) throws SQLException {
        Map<String, Integer> held = new HashMap<>();
        for (Map.Entry<String, Integer> buyer : sql.query(
                "SELECT buyer_id, sum(quantity)::int FROM orders WHERE sku_id = ? GROUP BY buyer_id",
                columns -> Map.entry(columns.getString(1), columns.getInt(2)),
                skuId)) {
            held.put(buyer.getKey(), buyer.getValue());
        }
        return held;
    }

    /** How one transaction of a placement ended. */
    private sealed interface Round {}

    /** Committed: one placement per member. */
    private record Done(List<Placement> placements) implements Round {}

    /** Rolled back: the member at {@code index} lost its claim. */
    private record Lost(int index) implements Round {}

    /** Rolled back: the fence refused the units. */
    private record Fenced() implements Round {}

    @Override
    public Placements placeAll(String skuId, long generation, List<Placing> placings) {
        for (Placing placing : placings) {
            if (!placing.request().skuId().equals(skuId)) {
                throw new IllegalArgumentException(
                        "a placing of SKU " + placing.request().skuId() + " among those of " + skuId);
            }
        }
        Placement[] answers = new Placement[placings.size()];
        List<Integer> open = new ArrayList<>(placings.size());
        for (int i = 0; i < placings.size(); i++) {
            open.add(i);
        }
        try {
            while (!open.isEmpty()) {
                List<Placing> members = open.stream().map(placings::get).toList();
                switch (transactions.decide(sql -> round(sql, skuId, generation, members))) {
                    case Fenced fenced -> {
                        return new Stale();
                    }
                    case Lost(int index) -> {
                        answers[open.get(index)] =
                                new Placement.ClaimLost(members.get(index).request());
                        open.remove(index);
                    }
                    case Done(List<Placement> placements) -> {
                        for (int i = 0; i < placements.size(); i++) {
                            answers[open.get(i)] = placements.get(i);
                        }
                        open.clear();
                    }
                }
            }
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
        return new Written(List.of(answers));
    }

    private Ending<Round> round(Sql sql, String skuId, long generation, List<Placing> members) throws SQLException {
        List<Once> written = orders.insertAllOnce(sql, members);
        int units = written.stream()
                .filter(Once::inserted)
                .mapToInt(once -> once.placing().request().quantity())
                .sum();
        if (units > 0 && !sql.updateOne("the fenced stock of " + skuId, TAKE_UNITS, units, skuId, generation, units)) {
            return Transactions.rollback(new Fenced());
        }
        Placement[] placements = new Placement[members.size()];
        List<PurchaseRequest> requests = new ArrayList<>(members.size());
        List<Order> stored = new ArrayList<>(members.size());
        List<Integer> slots = new ArrayList<>(members.size());
        for (int i = 0; i < written.size(); i++) {
            Once once = written.get(i);
            if (once.stored().isEmpty()) {
                placements[i] = new Placement.ClaimLost(once.placing().request());
            } else {
                placements[i] = new Placement.Placed(once.stored().get());
                requests.add(once.placing().request());
                stored.add(once.stored().get());
                slots.add(i);
            }
        }
        return switch (OrderWriter.completeClaims(sql, requests, stored)) {
            case OrderWriter.Orders done -> Transactions.commit(new Done(List.of(placements)));
            case OrderWriter.ClaimLost(PurchaseRequest lost) -> {
                int at = 0;
                while (requests.get(at) != lost) {
                    at++;
                }
                yield Transactions.rollback(new Lost(slots.get(at)));
            }
        };
    }
}
