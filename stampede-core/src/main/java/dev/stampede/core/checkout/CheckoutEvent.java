package dev.stampede.core.checkout;

/**
 * The events a checkout's transitions emit, each written to the outbox in the transition's own transaction (seed 003,
 * "transactional outbox + idempotent consumers"). {@link #type()} is the name on the wire.
 */
public enum CheckoutEvent {
    /** Stock was reserved: {@code → RESERVED}. */
    CHECKOUT_RESERVED("checkout.reserved"),
    /** The provider is about to be asked to charge: {@code RESERVED → CHARGING}. */
    PAYMENT_STARTED("payment.started"),
    /** The provider charged: written with {@link #ORDER_CONFIRMED} by {@code CHARGING → CONFIRMED}. */
    PAYMENT_CHARGED("payment.charged"),
    /** The units are sold: {@code CHARGING → CONFIRMED}. */
    ORDER_CONFIRMED("order.confirmed"),
    /** The unresolved charge is being cancelled: {@code CHARGING → CANCELLING}. */
    PAYMENT_CANCELLING("payment.cancelling"),
    /** The stock went back on sale: {@code RESERVED | CHARGING | CANCELLING → RELEASED}. */
    RESERVATION_RELEASED("reservation.released"),
    /** A charge was paid back and the stock went back on sale: {@code CANCELLING → REFUNDED}. */
    PAYMENT_REFUNDED("payment.refunded");

    private final String type;

    CheckoutEvent(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }
}
