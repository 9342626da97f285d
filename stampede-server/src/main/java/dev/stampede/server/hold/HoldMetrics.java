package dev.stampede.server.hold;

import dev.stampede.core.hold.HoldResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of seat holds, in one place: holds by strategy and outcome, hold latency, expirations and active holds
 * (the last two as the sweeper counts them). Meters are made per tag values by Micrometer's {@link MeterProvider}s;
 * the active-holds gauge reads the count the last sweep left per strategy.
 */
public final class HoldMetrics {

    private final MeterRegistry meters;
    private final MeterProvider<Counter> outcomes;
    private final MeterProvider<Timer> latency;
    private final MeterProvider<Counter> expirations;
    private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();

    public HoldMetrics(MeterRegistry meters) {
        this.meters = meters;
        outcomes = Counter.builder("stampede.holds")
                .description("Hold requests by strategy and outcome")
                .withRegistry(meters);
        latency = Timer.builder("stampede.hold.latency")
                .description("Time to answer a hold request, from the service's point of view")
                .publishPercentileHistogram()
                .withRegistry(meters);
        expirations = Counter.builder("stampede.holds.expired")
                .description("Holds that expired without being released or confirmed, as swept")
                .withRegistry(meters);
    }

    void recordHold(String strategy, String outcome, Duration took) {
        outcomes.withTags("strategy", strategy, "outcome", outcome).increment();
        latency.withTag("strategy", strategy).record(took);
    }

    void recordSweep(String strategy, int expired, long activeNow) {
        expirations.withTag("strategy", strategy).increment(expired);
        active.computeIfAbsent(strategy, this::activeGauge).set(activeNow);
    }

    private AtomicLong activeGauge(String strategy) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("stampede.holds.active", value, AtomicLong::get)
                .description("Holds granted and not yet released, confirmed or expired")
                .tag("strategy", strategy)
                .strongReference(true)
                .register(meters);
        return value;
    }

    static String outcome(HoldResult result) {
        return switch (result) {
            case HoldResult.Held h -> "held";
            case HoldResult.Taken t -> "taken";
            case HoldResult.UnknownSeats u -> "unknown_seats";
            case HoldResult.UnknownShow u -> "unknown_show";
            case HoldResult.Busy b -> "busy";
        };
    }
}
