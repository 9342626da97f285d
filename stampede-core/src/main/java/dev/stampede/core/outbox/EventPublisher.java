package dev.stampede.core.outbox;

import dev.stampede.core.StoreUnavailableException;
import java.util.List;

/** A message broker that takes outbox events (Kafka: {@code stampede-kafka}). */
@FunctionalInterface
public interface EventPublisher {

    /**
     * Publishes {@code events}, each keyed by its {@link OutboxEvent#aggregateId()}, in list order per key, and returns
     * once the broker has acknowledged every one of them durably.
     *
     * @throws StoreUnavailableException if the broker did not acknowledge them all in time: some may have been
     *     published, and publishing them again publishes those twice (consumers drop them by event id)
     */
    void publish(List<OutboxEvent> events);
}
