package dev.stampede.kafka;

import dev.stampede.core.outbox.EventHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes outbox events from one Kafka topic in a consumer group, on a thread of its own, and acknowledges them only
 * after its {@link EventHandler} has made their effects durable: each polled batch is handled record by record, then
 * its offsets are committed ({@code commitSync}; auto-commit off). A handler that throws (the database down) commits
 * nothing: the consumer goes back to the batch's first offset of each partition and tries again after {@code retryAfter},
 * so the records of the batch already handled come again, which the handler absorbs (its de-duplication). A group new
 * to the topic starts at its beginning ({@code auto.offset.reset=earliest}): no event is skipped. At least once.
 */
public final class KafkaEventConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventConsumer.class);

    private final KafkaConsumer<String, String> consumer;
    private final EventHandler handler;
    private final Duration retryAfter;
    private final Thread thread;
    private volatile boolean closed;

    private KafkaEventConsumer(
            KafkaConsumer<String, String> consumer, String topic, EventHandler handler, Duration retryAfter) {
        this.consumer = consumer;
        this.handler = handler;
        this.retryAfter = retryAfter;
        consumer.subscribe(List.of(topic));
        this.thread = Thread.ofPlatform()
                .name("stampede-kafka-consumer-" + topic)
                .daemon()
                .start(this::run);
    }

    /**
     * Starts consuming {@code topic} as a member of group {@code groupId}.
     *
     * @param bootstrapServers {@code host:port,...}
     * @param retryAfter the wait after a batch the handler could not apply, before it is handled again
     */
    public static KafkaEventConsumer start(
            String bootstrapServers, String topic, String groupId, EventHandler handler, Duration retryAfter) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        groupId,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "stampede-" + groupId),
                new StringDeserializer(),
                new StringDeserializer());
        return new KafkaEventConsumer(consumer, topic, handler, retryAfter);
    }

    private void run() {
        try {
            while (!closed) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    for (ConsumerRecord<String, String> record : batch) {
                        handler.handle(EventRecords.event(record));
                    }
                } catch (RuntimeException e) {
                    log.warn("Events not applied; they are consumed again in {}: {}", retryAfter, e.toString());
                    rewind(batch);
                    LockSupport.parkNanos(retryAfter.toNanos());
                    continue;
                }
                commit(batch);
            }
        } catch (WakeupException e) {
            // close() woke the poll up
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** A failed commit (the broker gone, the group rebalanced) leaves the batch to be delivered again: absorbed. */
    private void commit(ConsumerRecords<String, String> batch) {
        try {
            consumer.commitSync();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("Offsets not committed; the events come again: {}", e.toString());
            rewind(batch);
        }
    }

    private void rewind(ConsumerRecords<String, String> batch) {
        for (TopicPartition partition : batch.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, batch.records(partition).getFirst().offset());
            }
        }
    }

    /** Stops consuming; offsets of records handled but not committed yet are left for the next consumer. */
    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
