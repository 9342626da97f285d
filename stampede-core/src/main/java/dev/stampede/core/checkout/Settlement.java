package dev.stampede.core.checkout;

import java.util.Objects;

/**
 * How a payment made under the SKU's row lock ended ({@link CheckoutStore#checkOutHoldingLock}): the final state the
 * checkout is written in, its {@code reason} (null for a confirmed one) and the provider's {@code chargeId} (confirmed
 * only, else null).
 */
public record Settlement(CheckoutState state, String reason, String chargeId) {

    public Settlement {
        Objects.requireNonNull(state, "state");
        if (!state.isFinal()) {
            throw new IllegalArgumentException("a settlement is a final state, was " + state);
        }
        if ((state == CheckoutState.CONFIRMED) != (chargeId != null)) {
            throw new IllegalArgumentException("a charge id comes with a confirmed settlement only");
        }
    }

    /** Charged: the order is confirmed with the provider's {@code chargeId}. */
    public static Settlement confirmed(String chargeId) {
        return new Settlement(CheckoutState.CONFIRMED, null, Objects.requireNonNull(chargeId, "chargeId"));
    }

    /** Nothing charged (declined, or voided): the stock is not taken. */
    public static Settlement released(String reason) {
        return new Settlement(CheckoutState.RELEASED, reason, null);
    }

    /** A charge was made and paid back: the stock is not taken. */
    public static Settlement refunded(String reason) {
        return new Settlement(CheckoutState.REFUNDED, reason, null);
    }
}
