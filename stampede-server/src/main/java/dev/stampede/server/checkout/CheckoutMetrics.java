package dev.stampede.server.checkout;

import dev.stampede.core.checkout.CheckoutState;
import dev.stampede.core.checkout.CheckoutStore;
import dev.stampede.core.checkout.PaymentProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The meters of the checkout saga (issue 14 item 6), in one place; every series is registered at start-up, so a
 * dashboard finds each one before the first checkout:
 *
 * <ul>
 *   <li>{@code stampede_checkout_transitions_total{state, reason}}: committed transitions into {@code state}
 *       (reserved, charging, cancelling, confirmed, released, refunded) with the checkout's {@code reason} ({@code
 *       none}, {@code declined}, {@code expired}, {@code payment-unresolved}). Reservations expired are {@code
 *       state="released", reason="expired"}.
 *   <li>{@code stampede_payment_calls_seconds{call, outcome}}: the time of each call to the payment provider, with a
 *       percentile histogram; {@code call} is charge, look_up or cancel, {@code outcome} what it answered (charged,
 *       declined, cancelled, not_found, refunded, voided) or {@code unknown} (no answer: a timeout, a connection lost)
 *       or {@code unavailable} (refused, nothing sent).
 * </ul>
 */
public final class CheckoutMetrics {

    /** The reason tag of a transition that has none. */
    static final String NO_REASON = "none";

    private static final List<List<String>> TRANSITIONS = List.of(
            List.of("reserved", NO_REASON),
            List.of("charging", NO_REASON),
            List.of("confirmed", NO_REASON),
            List.of("cancelling", "payment-unresolved"),
            List.of("released", "declined"),
            List.of("released", "expired"),
            List.of("released", "payment-unresolved"),
            List.of("refunded", "payment-unresolved"));

    private static final List<List<String>> CALLS = List.of(
            List.of("charge", "charged", "declined", "cancelled", "unknown", "unavailable"),
            List.of("look_up", "charged", "declined", "cancelled", "not_found", "unavailable"),
            List.of("cancel", "refunded", "voided", "unavailable"));

    private final MeterProvider<Counter> transitions;
    private final MeterProvider<Timer> calls;

    public CheckoutMetrics(MeterRegistry meters) {
        transitions = Counter.builder("stampede.checkout.transitions")
                .description("Checkout transitions committed, by the state entered and the checkout's reason")
                .withRegistry(meters);
        calls = Timer.builder("stampede.payment.calls")
                .description("Calls to the payment provider, by call and outcome")
                .publishPercentileHistogram()
                .withRegistry(meters);
        TRANSITIONS.forEach(t -> transitions.withTags("state", t.get(0), "reason", t.get(1)));
        CALLS.forEach(call -> call.subList(1, call.size())
                .forEach(outcome -> calls.withTags("call", call.getFirst(), "outcome", outcome)));
    }

    /** {@code store} with every committed transition counted. */
    public CheckoutStore metered(CheckoutStore store) {
        return new MeteredCheckoutStore(store, this);
    }

    /** {@code provider} with every call timed and its outcome counted. */
    public PaymentProvider metered(PaymentProvider provider) {
        return new MeteredPaymentProvider(provider, this);
    }

    /** {@code count} checkouts entered {@code state} for {@code reason} (null: none). */
    void transitioned(CheckoutState state, String reason, int count) {
        transitions
                .withTags("state", state.name().toLowerCase(Locale.ROOT), "reason", reason == null ? NO_REASON : reason)
                .increment(count);
    }

    /** A {@code call} to the provider ended with {@code outcome} after {@code took}. */
    void paymentCall(String call, String outcome, Duration took) {
        calls.withTags("call", call, "outcome", outcome).record(took);
    }
}
