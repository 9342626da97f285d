package dev.stampede.server.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections and requests the guards turned away: {@code stampede_http_connections_refused_total} (over the cap of
 * their client address) and {@code stampede_http_request_timeouts_total{phase}} ({@code head}: the request line and
 * headers, {@code body}: the body) not received in time.
 */
final class GuardMetrics implements MeterBinder {

    private final LongAdder refused = new LongAdder();
    private final LongAdder headTimeouts = new LongAdder();
    private final LongAdder bodyTimeouts = new LongAdder();

    void refused() {
        refused.increment();
    }

    void headTimedOut() {
        headTimeouts.increment();
    }

    void bodyTimedOut() {
        bodyTimeouts.increment();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("stampede.http.connections.refused", refused, LongAdder::sum)
                .description("Connections refused when accepted: their client address had the most open already")
                .register(registry);
        FunctionCounter.builder("stampede.http.request.timeouts", headTimeouts, LongAdder::sum)
                .description("Requests answered 408 because they did not arrive in time")
                .tag("phase", "head")
                .register(registry);
        FunctionCounter.builder("stampede.http.request.timeouts", bodyTimeouts, LongAdder::sum)
                .description("Requests answered 408 because they did not arrive in time")
                .tag("phase", "body")
                .register(registry);
    }
}
