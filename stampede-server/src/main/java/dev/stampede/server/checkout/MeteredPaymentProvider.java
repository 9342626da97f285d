package dev.stampede.server.checkout;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.checkout.PaymentProvider;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** A {@link PaymentProvider} that times every call and counts its outcome in {@link CheckoutMetrics}. */
final class MeteredPaymentProvider implements PaymentProvider {

    private final PaymentProvider provider;
    private final CheckoutMetrics metrics;

    MeteredPaymentProvider(PaymentProvider provider, CheckoutMetrics metrics) {
        this.provider = provider;
        this.metrics = metrics;
    }

    @Override
    public Decision charge(String key, long amount) {
        return timed("charge", () -> provider.charge(key, amount), MeteredPaymentProvider::outcome);
    }

    @Override
    public Optional<Decision> lookUp(String key) {
        return timed(
                "look_up",
                () -> provider.lookUp(key),
                decision -> decision.map(MeteredPaymentProvider::outcome).orElse("not_found"));
    }

    @Override
    public Cancellation cancel(String key) {
        return timed("cancel", () -> provider.cancel(key), how -> how.name().toLowerCase(Locale.ROOT));
    }

    private <T> T timed(String call, Supplier<T> work, Function<T, String> outcome) {
        long start = System.nanoTime();
        String ended = "unavailable"; // StoreUnavailableException: refused, nothing was sent
        try {
            T answer = work.get();
            ended = outcome.apply(answer);
            return answer;
        } catch (OutcomeUnknownException e) {
            ended = "unknown";
            throw e;
        } finally {
            metrics.paymentCall(call, ended, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static String outcome(Decision decision) {
        return switch (decision) {
            case Charged c -> "charged";
            case Declined d -> "declined";
            case Cancelled c -> "cancelled";
        };
    }
}
