package dev.stampede.bench.scenario;

import dev.stampede.core.outbox.EventHandler;
import dev.stampede.core.outbox.OutboxEvent;
import dev.stampede.kafka.KafkaEventConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bench's own consumer of the checkout events (issue 14): reads the whole topic in a consumer group of its own
 * (from the beginning, through {@link KafkaEventConsumer}, at least once) and keeps, per event id, how many times it
 * was delivered and when it first arrived. De-duplication by event id is what makes the effect exactly once: the
 * {@code checkout} audit checks that every outbox event of a run was delivered at least once, counts the deliveries
 * beyond the first (absorbed), and reads the end-to-end lag (first arrival minus the event's {@code created-at}).
 */
final class AuditConsumer implements EventHandler, AutoCloseable {

    /** One event as this consumer saw it. */
    record Delivery(UUID aggregateId, Instant createdAt, Instant firstArrival, int deliveries) {}

    private final Map<UUID, Delivery> deliveries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final KafkaEventConsumer consumer;

    AuditConsumer(String bootstrapServers, String topic, Clock clock) {
        this.clock = clock;
        this.consumer = KafkaEventConsumer.start(
                bootstrapServers, topic, "stampede-bench-audit-" + UUID.randomUUID(), this, Duration.ofMillis(200));
    }

    @Override
    public void handle(List<OutboxEvent> events) {
        Instant now = clock.instant();
        for (OutboxEvent event : events) {
            deliveries.merge(
                    event.eventId(),
                    new Delivery(event.aggregateId(), event.createdAt(), now, 1),
                    (first, again) -> new Delivery(
                            first.aggregateId(), first.createdAt(), first.firstArrival(), first.deliveries() + 1));
        }
    }

    /** The event with this id as delivered so far; empty if it never arrived. */
    Optional<Delivery> delivery(UUID eventId) {
        return Optional.ofNullable(deliveries.get(eventId));
    }

    /** Every event delivered so far. */
    Collection<Delivery> all() {
        return deliveries.values();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
