package dev.stampede.core.sale;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A stock-keeping unit on sale: {@code stock} of its {@code initialStock} units are left, sold by {@code strategy}.
 *
 * @param maxPerBuyer how many units one buyer may hold in orders of this SKU, all orders together (at least 1); empty
 *     when buyers are not limited. Set when the SKU is put on sale and never changed; every strategy enforces it in its
 *     decisive step ({@link PurchaseResult.OverBuyerLimit}).
 */
public record Sku(String id, String name, String strategy, int initialStock, int stock, OptionalInt maxPerBuyer) {

    public Sku {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        requireLimit(maxPerBuyer);
    }

    /** Checks a per-buyer limit: empty, or at least 1 unit. */
    public static OptionalInt requireLimit(OptionalInt maxPerBuyer) {
        Objects.requireNonNull(maxPerBuyer, "maxPerBuyer");
        if (maxPerBuyer.isPresent() && maxPerBuyer.getAsInt() < 1) {
            throw new IllegalArgumentException("maxPerBuyer must be at least 1, was " + maxPerBuyer.getAsInt());
        }
        return maxPerBuyer;
    }

    public int sold() {
        return initialStock - stock;
    }
}
