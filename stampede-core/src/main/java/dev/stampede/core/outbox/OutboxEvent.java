package dev.stampede.core.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One event of the transactional outbox (seed 003, "transactional outbox + idempotent consumers"), as the relay reads
 * it and as a consumer receives it.
 *
 * @param position the event's place in the outbox: publication order, increasing with each insert
 * @param eventId the event's own id: consumers de-duplicate by it
 * @param aggregateId what the event is about (a checkout): the message key, so one aggregate's events stay in order
 * @param type the event's name on the wire ({@code order.confirmed}, ...)
 * @param payload the event's body, JSON text
 * @param createdAt when the event was written into the outbox, just before the transaction of its transition committed
 *     (the writer's clock)
 */
public record OutboxEvent(
        long position, UUID eventId, UUID aggregateId, String type, String payload, Instant createdAt) {

    public OutboxEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
