package dev.stampede.server.kv;

import dev.stampede.core.kv.KvWrite;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The meters of the key-value API, in one place: conditional writes by operation (create, update, delete) and outcome
 * (applied, precondition_failed), made by Micrometer's {@link MeterProvider}; every series is registered up front so
 * that it is there from the start.
 */
public final class KvMetrics {

    private static final List<String> OPERATIONS = List.of("create", "update", "delete");

    private final MeterProvider<Counter> writes;

    public KvMetrics(MeterRegistry meters) {
        writes = Counter.builder("stampede.kv.writes")
                .description("Conditional writes of the key-value API by operation and outcome")
                .withRegistry(meters);
        for (String operation : OPERATIONS) {
            writes.withTags("operation", operation, "outcome", "applied");
            writes.withTags("operation", operation, "outcome", "precondition_failed");
        }
    }

    /** Counts {@code write} under {@code operation} and answers it. */
    <T> KvWrite<T> record(String operation, KvWrite<T> write) {
        String outcome = write instanceof KvWrite.Applied<T> ? "applied" : "precondition_failed";
        writes.withTags("operation", operation, "outcome", outcome).increment();
        return write;
    }
}
