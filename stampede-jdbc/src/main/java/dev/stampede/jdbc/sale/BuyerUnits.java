package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.OverBuyerLimit;
import dev.stampede.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The per-buyer limit of a SKU ({@code skus.max_per_buyer}), enforced in the purchase's own transaction: one
 * conditional upsert of the buyer's row in {@code buyer_units} adds the purchase's units only if the buyer's total
 * stays within the limit. Two purchases of one buyer queue on that row (PostgreSQL re-checks the condition on the row's
 * latest version), so they can never pass the limit together; a refused purchase's transaction is rolled back, so it
 * changes nothing. A SKU without a limit writes nothing here. Every strategy that sells from {@code skus} reads the
 * limit with its stock (see {@link #limit}) and takes the units before it writes its orders; the {@code tokens} ledger
 * takes them when it records a claim and {@linkplain #giveBack gives them back} when the claim ends without an order, so
 * a buyer's row counts the units of its orders and of its open claims.
 */
final class BuyerUnits {

    /** Adds {@code q} units to the buyer's total if the total stays within {@code max}; one row or none. */
    private static final String TAKE = """
            INSERT INTO buyer_units AS held (sku_id, buyer_id, units) SELECT ?, ?, ? WHERE ? <= ?
                ON CONFLICT (sku_id, buyer_id) DO UPDATE SET units = held.units + excluded.units
                WHERE held.units + excluded.units <= ?
            """;

    private BuyerUnits() {}

    /** The limit in column {@code column} of {@code row} ({@code skus.max_per_buyer}); empty when it is NULL. */
    static OptionalInt limit(ResultSet row, int column) throws SQLException {
        int max = row.getInt(column);
        return row.wasNull() ? OptionalInt.empty() : OptionalInt.of(max);
    }

    /**
     * Takes the request's units for its buyer, in the caller's transaction; empty when taken (or the SKU has no limit),
     * else the refusal, after which the caller must roll back.
     */
    static Optional<OverBuyerLimit> take(Sql sql, PurchaseRequest request, OptionalInt maxPerBuyer)
            throws SQLException {
        if (maxPerBuyer.isEmpty()) {
            return Optional.empty();
        }
        int max = maxPerBuyer.getAsInt();
        if (sql.updateOne(
                "buyer units",
                TAKE,
                request.skuId(),
                request.buyerId(),
                request.quantity(),
                request.quantity(),
                max,
                max)) {
            return Optional.empty();
        }
        int held = sql.queryFirst(
                        "SELECT units FROM buyer_units WHERE sku_id = ? AND buyer_id = ?",
                        row -> row.getInt(1),
                        request.skuId(),
                        request.buyerId())
                .orElse(0);
        return Optional.of(new OverBuyerLimit(max, held));
    }

    /** Units of one SKU a buyer held through a claim that ended without an order (released or expired). */
    record Returned(String skuId, String buyerId, int units) {}

    /**
     * Gives back the units of claims that ended without an order, as one batch in the caller's transaction: each claim
     * took them in {@link #take} when it was made (a {@code tokens} claim on a SKU with a limit), so each buyer's row
     * holds at least them; a row that does not is a bug ({@link IllegalStateException}).
     */
    static void giveBack(Sql sql, List<Returned> returned) throws SQLException {
        if (returned.isEmpty()) {
            return;
        }
        List<Object[]> rows = returned.stream()
                .map(r -> new Object[] {r.units(), r.skuId(), r.buyerId(), r.units()})
                .toList();
        int[] counts = sql.batch(
                "UPDATE buyer_units SET units = units - ? WHERE sku_id = ? AND buyer_id = ? AND units >= ?", rows);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1) {
                throw new IllegalStateException("giving back %d units of %s for SKU %s changed %d rows"
                        .formatted(
                                returned.get(i).units(),
                                returned.get(i).buyerId(),
                                returned.get(i).skuId(),
                                counts[i]));
            }
        }
    }

    /**
     * The units each of {@code buyers} holds in {@code skuId}, read in the caller's transaction (buyers holding none are
     * absent). Exact only while the caller holds the SKU's row lock, as every writer of the SKU's rows does.
     */
    static Map<String, Integer> held(Sql sql, String skuId, List<String> buyers) throws SQLException {
        record Held(String buyer, int units) {}
        return sql
                .query(
                        "SELECT buyer_id, units FROM buyer_units WHERE sku_id = ? AND buyer_id = ANY (?)",
                        row -> new Held(row.getString(1), row.getInt(2)),
                        skuId,
                        sql.textArray(buyers))
                .stream()
                .collect(Collectors.toMap(Held::buyer, Held::units));
    }

    /**
     * Takes the units of every request (all of one SKU), as one batch in the caller's transaction, each request's
     * statement as conditional as in {@link #take}. The caller has already decided under the SKU's row lock that each
     * fits; a refused one is a bug ({@link IllegalStateException}).
     */
    static void takeAll(Sql sql, List<PurchaseRequest> requests, int maxPerBuyer) throws SQLException {
        List<Object[]> rows = requests.stream()
                .map(r -> new Object[] {r.skuId(), r.buyerId(), r.quantity(), r.quantity(), maxPerBuyer, maxPerBuyer})
                .toList();
        int[] counts = sql.batch(TAKE, rows);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1) {
                throw new IllegalStateException("buyer units of %s for SKU %s changed %d rows under the row lock"
                        .formatted(requests.get(i).buyerId(), requests.get(i).skuId(), counts[i]));
            }
        }
    }
}
