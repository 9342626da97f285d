package dev.stampede.server.kv;

import dev.stampede.core.kv.KvWrite;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Conditional writes of the key-value API by operation (create, update, delete) and outcome (applied,
 * precondition_failed), as Micrometer counters registered up front so that every series is there from the start.
 */
public final class KvMetrics {

    private static final List<String> OPERATIONS = List.of("create", "update", "delete");

    private final Map<String, Counter> applied = new HashMap<>();
    private final Map<String, Counter> refused = new HashMap<>();

    public KvMetrics(MeterRegistry meters) {
        for (String operation : OPERATIONS) {
            applied.put(operation, counter(meters, operation, "applied"));
            refused.put(operation, counter(meters, operation, "precondition_failed"));
        }
    }

    private static Counter counter(MeterRegistry meters, String operation, String outcome) {
        return Counter.builder("stampede.kv.writes")
                .description("Conditional writes of the key-value API by operation and outcome")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(meters);
    }

    /** Counts {@code write} under {@code operation} and answers it. */
    <T> KvWrite<T> record(String operation, KvWrite<T> write) {
        Map<String, Counter> byOutcome = write instanceof KvWrite.Applied<T> ? applied : refused;
        byOutcome.get(operation).increment();
        return write;
    }
}
