package dev.stampede.kafka;

import dev.stampede.core.outbox.OutboxEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An {@link OutboxEvent} as a Kafka record: the key is the aggregate id (one checkout's events in one partition, in
 * order), the value the JSON payload, and the rest in headers ({@code event-id}, {@code event-type}, {@code
 * outbox-position}, {@code created-at} as ISO-8601), all UTF-8 text.
 */
final class EventRecords {

    static final String EVENT_ID = "event-id";
    static final String TYPE = "event-type";
    static final String POSITION = "outbox-position";
    static final String CREATED_AT = "created-at";

    private EventRecords() {}

    static ProducerRecord<String, String> record(String topic, OutboxEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EVENT_ID, bytes(event.eventId().toString()));
        headers.add(TYPE, bytes(event.type()));
        headers.add(POSITION, bytes(Long.toString(event.position())));
        headers.add(CREATED_AT, bytes(event.createdAt().toString()));
        return new ProducerRecord<>(topic, null, event.aggregateId().toString(), event.payload(), headers);
    }

    /**
     * @throws IllegalArgumentException if a header is missing or malformed: not a record of {@link #record}
     */
    static OutboxEvent event(ConsumerRecord<String, String> record) {
        return new OutboxEvent(
                Long.parseLong(header(record, POSITION)),
                UUID.fromString(header(record, EVENT_ID)),
                UUID.fromString(record.key()),
                header(record, TYPE),
                record.value(),
                Instant.parse(header(record, CREATED_AT)));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            throw new IllegalArgumentException("record at offset " + record.offset() + " has no " + name + " header");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
