package dev.stampede.core.sale;

import java.util.Objects;

/** A stock-keeping unit on sale: {@code stock} of its {@code initialStock} units are left, sold by {@code strategy}. */
public record Sku(String id, String name, String strategy, int initialStock, int stock) {

    public Sku {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
    }

    public int sold() {
        return initialStock - stock;
    }
}
