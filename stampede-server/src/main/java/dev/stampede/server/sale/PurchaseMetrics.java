package dev.stampede.server.sale;

import dev.stampede.core.sale.PurchaseResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Purchases by strategy and outcome, and their latency, as Micrometer meters (looked up once, then cached). */
public final class PurchaseMetrics {

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public PurchaseMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(String strategy, String outcome, Duration latency) {
        counters.computeIfAbsent(
                        strategy + '/' + outcome,
                        key -> Counter.builder("stampede.purchases")
                                .description("Purchase requests by strategy and outcome")
                                .tag("strategy", strategy)
                                .tag("outcome", outcome)
                                .register(meters))
                .increment();
        timers.computeIfAbsent(
                        strategy,
                        key -> Timer.builder("stampede.purchase.latency")
                                .description("Time to answer a purchase, from the service's point of view")
                                .tag("strategy", strategy)
                                .publishPercentileHistogram()
                                .register(meters))
                .record(latency);
    }

    static String outcome(PurchaseResult result) {
        return switch (result) {
            case PurchaseResult.Purchased p -> p.replayed() ? "replayed" : "purchased";
            case PurchaseResult.SoldOut s -> s.remaining() == 0 ? "sold_out" : "insufficient_stock";
            case PurchaseResult.Busy b -> "busy";
            case PurchaseResult.UnknownSku u -> "unknown_sku";
            case PurchaseResult.KeyReused k -> "key_reused";
            case PurchaseResult.KeyInFlight k -> "key_in_flight";
        };
    }
}
