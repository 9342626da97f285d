package dev.stampede.core.checkout;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a checkout holds its stock while the payment is made (seed 003, challenge 3).
 *
 * <ul>
 *   <li>{@link #RESERVE_CONFIRM}: the saga ({@link CheckoutSaga#begin}): reserve in one short transaction, charge
 *       outside any lock, then confirm or release. Buyers of one SKU wait for nobody's payment.
 *   <li>{@link #LOCK_ACROSS_PAYMENT}: the anti-pattern, kept for comparison ({@link CheckoutSaga#checkOutHoldingLock}):
 *       one transaction holds the SKU's row lock through the payment call, so the SKU sells at most one checkout per
 *       payment time (a quarter of a checkout per second at 4 s a payment), whatever the hardware.
 * </ul>
 */
public enum CheckoutMode {
    RESERVE_CONFIRM("reserve-confirm"),
    LOCK_ACROSS_PAYMENT("lock-across-payment");

    private final String wireName;

    CheckoutMode(String wireName) {
        this.wireName = wireName;
    }

    /** The mode's name in requests, settings and reports ({@code reserve-confirm}, {@code lock-across-payment}). */
    public String wireName() {
        return wireName;
    }

    /** The mode named {@code name} ({@link #wireName()}); empty if none is. */
    public static Optional<CheckoutMode> named(String name) {
        return Arrays.stream(values())
                .filter(mode -> mode.wireName.equals(name))
                .findFirst();
    }
}
