package dev.stampede.core.checkout;

/**
 * Where a checkout is in its saga (seed 003, challenge 3: reserve quickly, charge outside any lock, then confirm or
 * release). {@code RESERVED → CHARGING → CONFIRMED}, or {@code RELEASED} (declined, or expired before a charge was
 * asked for), or, when the provider left a charge unresolved past the payment deadline, {@code CHARGING → CANCELLING →
 * REFUNDED} (a charge had been made and was paid back) or {@code RELEASED} (none had been). Each transition commits on
 * its own, with the state it leaves in its condition.
 */
public enum CheckoutState {
    /** Stock is held for the buyer until the reservation's expiry; nothing is charged yet. */
    RESERVED,
    /** The payment provider was (or is about to be) asked to charge; the stock stays held until it answers. */
    CHARGING,
    /**
     * The charge is being cancelled at the provider: whatever the provider answers now, the checkout is never
     * confirmed, so a charge that lands late is refunded, never kept.
     */
    CANCELLING,
    /** Charged and the order confirmed: the units are sold. Final. */
    CONFIRMED,
    /** The stock went back on sale and nothing stays charged. Final. */
    RELEASED,
    /** A charge was made, then paid back, and the stock went back on sale. Final. */
    REFUNDED;

    /** True for the states a checkout never leaves. */
    public boolean isFinal() {
        return this == CONFIRMED || this == RELEASED || this == REFUNDED;
    }
}
