package dev.stampede.core.checkout;

import java.util.Objects;

/** The answer to reserving stock for a {@link CheckoutRequest}. Exactly one of these; contention is no exception. */
public sealed interface Reservation {

    /** The stock is held ({@code replayed}: the checkout was made earlier under the same idempotency key). */
    record Reserved(Checkout checkout, boolean replayed) implements Reservation {
        public Reserved {
            Objects.requireNonNull(checkout, "checkout");
        }
    }

    /** Not enough stock: {@code remaining} units are left. Nothing was changed. */
    record SoldOut(int remaining) implements Reservation {}

    /** No SKU has this id. Nothing was changed. */
    record UnknownSku(String skuId) implements Reservation {}

    /** The buyer used this idempotency key for a different checkout. Nothing was changed. */
    record KeyReused(String key) implements Reservation {}

    /** A transient condition (the database unreachable, a race lost too often); nothing was changed, try again. */
    record Busy(String reason) implements Reservation {}
}
