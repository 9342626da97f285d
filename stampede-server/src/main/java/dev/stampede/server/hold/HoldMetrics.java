package dev.stampede.server.hold;

import dev.stampede.core.hold.HoldResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Holds by strategy and outcome, hold latency, active holds and expirations, as Micrometer meters. */
public final class HoldMetrics {

    private final MeterRegistry meters;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> expirations = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();

    public HoldMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void recordHold(String strategy, String outcome, Duration took) {
        outcomes.computeIfAbsent(
                        strategy + '/' + outcome,
                        key -> Counter.builder("stampede.holds")
                                .description("Hold requests by strategy and outcome")
                                .tag("strategy", strategy)
                                .tag("outcome", outcome)
                                .register(meters))
                .increment();
        latency.computeIfAbsent(
                        strategy,
                        key -> Timer.builder("stampede.hold.latency")
                                .description("Time to answer a hold request, from the service's point of view")
                                .tag("strategy", strategy)
                                .publishPercentileHistogram()
                                .register(meters))
                .record(took);
    }

    void recordSweep(String strategy, int expired, long activeNow) {
        expirations
                .computeIfAbsent(
                        strategy,
                        key -> Counter.builder("stampede.holds.expired")
                                .description("Holds that expired without being released or confirmed, as swept")
                                .tag("strategy", strategy)
                                .register(meters))
                .increment(expired);
        active.computeIfAbsent(strategy, key -> {
                    AtomicLong value = new AtomicLong();
                    Gauge.builder("stampede.holds.active", value, AtomicLong::get)
                            .description("Holds granted and not yet released, confirmed or expired")
                            .tag("strategy", strategy)
                            .register(meters);
                    return value;
                })
                .set(activeNow);
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
