package dev.stampede.server.checkout;

import dev.stampede.core.checkout.Checkout;
import dev.stampede.core.checkout.CheckoutMode;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.CheckoutSaga;
import dev.stampede.core.checkout.Reservation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The checkouts of the service: begun through the {@link CheckoutSaga}, read back by id. Counts each begun checkout
 * by its answer in {@code stampede_checkouts_total{outcome}} (reserved, sold_out, unknown_sku, key_reused, busy; every
 * series present from the start) and the
 * checkouts the recovery task expired or drove in {@code stampede_checkout_recoveries_total}.
 */
public final class Checkouts {

    private final CheckoutSaga saga;
    private final Map<Class<? extends Reservation>, Counter> outcomes;
    private final Counter recoveries;

    public Checkouts(CheckoutSaga saga, MeterRegistry meters) {
        this.saga = saga;
        this.outcomes = Stream.of(Reservation.class.getPermittedSubclasses())
                .collect(Collectors.toMap(
                        type -> type.asSubclass(Reservation.class),
                        type -> Counter.builder("stampede.checkouts")
                                .description("Checkouts begun, by answer (reserved, sold-out, ...)")
                                .tag("outcome", snakeCase(type.getSimpleName()))
                                .register(meters)));
        this.recoveries = Counter.builder("stampede.checkout.recoveries")
                .description("Checkouts the recovery task expired or drove forward")
                .register(meters);
    }

    /** {@code SoldOut} → {@code sold_out}: the tag values of the other metrics. */
    private static String snakeCase(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Checks out in {@code mode}: {@code reserve-confirm} reserves the stock and starts the payment, answering at once
     * ({@link CheckoutSaga#begin}); {@code lock-across-payment} answers when the checkout is over ({@link
     * CheckoutSaga#checkOutHoldingLock}).
     */
    public Reservation begin(CheckoutRequest request, CheckoutMode mode) {
        Reservation reservation = switch (mode) {
            case RESERVE_CONFIRM -> saga.begin(request);
            case LOCK_ACROSS_PAYMENT -> saga.checkOutHoldingLock(request);
        };
        outcomes.get(reservation.getClass()).increment();
        return reservation;
    }

    /** The checkout with this id; empty if none. */
    public Optional<Checkout> find(UUID id) {
        return saga.find(id);
    }

    /** One round of the recovery task; see {@link CheckoutSaga#recover}. */
    public void recover() {
        recoveries.increment(saga.recover());
    }
}
