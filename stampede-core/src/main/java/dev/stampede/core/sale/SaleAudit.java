package dev.stampede.core.sale;

import java.util.ArrayList;
import java.util.List;

/**
 * The invariants of one SKU, read from its store: every unit is either in stock or in exactly one order.
 *
 * @param unitsInOrders the sum of the quantities of all orders of the SKU
 * @param duplicateKeys how many (buyer, idempotency key) pairs were applied to more than one order
 * @param buyersOverLimit how many buyers hold more units in orders than the SKU's {@link Sku#maxPerBuyer()} (0 for a
 *     SKU without a limit)
 * @param repairedUnits for a strategy that keeps the stock outside the orders' store (the {@code redis} strategy, in
 *     Redis): the units by which its reconciler has corrected that stock to the store's orders so far; 0 otherwise.
 *     A record of past repairs, not a violation
 * @param pendingOrders for a strategy that decides a purchase before its order is durable (the {@code redis} strategy:
 *     a write-ahead record in Redis): the purchases decided whose order is neither written nor dropped yet, each of
 *     which its reconciler settles (issue 13); 0 otherwise. While it is above 0 the stock may show units taken for
 *     orders not written yet (unaccounted units): a client that audits after a sale waits for it to reach 0
 */
public record SaleAudit(
        String skuId,
        int initialStock,
        int stock,
        long orders,
        long unitsInOrders,
        long duplicateKeys,
        long buyersOverLimit,
        long repairedUnits,
        long pendingOrders) {

    /** The audit of a SKU without a per-buyer limit, whose stock lives with its orders (nothing to repair). */
    public SaleAudit(String skuId, int initialStock, int stock, long orders, long unitsInOrders, long duplicateKeys) {
        this(skuId, initialStock, stock, orders, unitsInOrders, duplicateKeys, 0, 0, 0);
    }

    /** Units sold beyond the initial stock. */
    public long oversold() {
        return Math.max(0, unitsInOrders - initialStock);
    }

    /** Units the orders hold that the stock was not decremented for (lost updates); 0 when consistent. */
    public long unaccountedUnits() {
        return unitsInOrders - ((long) initialStock - stock);
    }

    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (unaccountedUnits() != 0) {
            violations.add(
                    "initial stock %d != stock %d + units in orders %d".formatted(initialStock, stock, unitsInOrders));
        }
        if (oversold() > 0) {
            violations.add("oversold by %d units".formatted(oversold()));
        }
        if (stock < 0) {
            violations.add("stock is negative: " + stock);
        }
        if (duplicateKeys > 0) {
            violations.add("%d idempotency keys applied more than once".formatted(duplicateKeys));
        }
        if (buyersOverLimit > 0) {
            violations.add("%d buyers hold more units than the per-buyer limit".formatted(buyersOverLimit));
        }
        return List.copyOf(violations);
    }

    public boolean passed() {
        return violations().isEmpty();
    }
}
