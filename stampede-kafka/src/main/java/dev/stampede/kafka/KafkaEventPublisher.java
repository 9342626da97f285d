package dev.stampede.kafka;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.outbox.EventPublisher;
import dev.stampede.core.outbox.OutboxEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox events to one Kafka topic with an idempotent producer ({@code enable.idempotence}, {@code
 * acks=all}: the broker keeps each record once per producer session, in send order per partition, and acknowledges it
 * when every in-sync replica has it). {@link #publish} sends a whole batch, then waits for every acknowledgement. A
 * batch that fails throws and the producer is replaced (a new producer id), so a broker that comes back is used at
 * once; the records of the failed batch that did land are published again by the relay's retry: at least once.
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);

    /**
     * The producer's batch per partition, in bytes: a relay batch's share of one partition (2,000 events of about 450
     * bytes with headers over the embedded broker's 4 partitions: about 225 KB each) goes in one record batch instead
     * of the default 16 KiB's fourteen. No gain measured at load 10-14 (stop 26, docs/performance.md).
     */
    static final int BATCH_BYTES = 512 * 1024;

    private final Map<String, Object> settings;
    private final String topic;
    private final Duration timeout;
    private KafkaProducer<String, String> producer;

    /**
     * @param bootstrapServers {@code host:port,...}
     * @param timeout how long one batch may wait for the broker (metadata, then acknowledgements) before it fails;
     *     at least 2 s
     */
    public KafkaEventPublisher(String bootstrapServers, String topic, Duration timeout) {
        if (timeout.toMillis() < 2000) {
            throw new IllegalArgumentException("the publish timeout must be at least 2s, was " + timeout);
        }
        this.topic = topic;
        this.timeout = timeout;
        this.settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                5,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                BATCH_BYTES,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.toIntExact(timeout.toMillis() / 2),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Math.toIntExact(timeout.toMillis()),
                ProducerConfig.CLIENT_ID_CONFIG,
                "stampede-outbox-relay");
        this.producer = newProducer();
        Thread.ofVirtual().name("stampede-outbox-metadata").start(this::fetchMetadata);
    }

    /**
     * Asks the broker for the topic's partitions once, at start: otherwise the first batch waits for them, and a broker
     * that creates topics on first use creates it then (2.6 s for the first checkout events of a bench run under load,
     * issue 14). A broker not reachable yet is no error here: the first batch asks again.
     */
    private void fetchMetadata() {
        try {
            currentProducer().partitionsFor(topic);
        } catch (KafkaException | IllegalStateException e) { // not reachable, or closed meanwhile
            log.info("Topic {} not known yet; the first batch asks the broker again: {}", topic, e.toString());
        }
    }

    private synchronized KafkaProducer<String, String> currentProducer() {
        return producer;
    }

    private KafkaProducer<String, String> newProducer() {
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    /**
     * Sends the batch and waits for every acknowledgement, at most the timeout in all. A send that fails at once ends
     * the batch: the client answers a broker it cannot reach with a failed future after {@code max.block.ms}, for each
     * record in turn, so sending the rest would wait that long again per record.
     */
    @Override
    public synchronized void publish(List<OutboxEvent> events) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(events.size());
            for (OutboxEvent event : events) {
                Future<RecordMetadata> acknowledgement = producer.send(EventRecords.record(topic, event));
                if (acknowledgement.isDone()) {
                    acknowledgement.get(); // failed at once (no metadata within max.block.ms): stop sending
                }
                acknowledgements.add(acknowledgement);
            }
            for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            producer.close(Duration.ZERO);
            producer = newProducer();
            throw new StoreUnavailableException("Kafka did not acknowledge a batch of " + events.size() + " events", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public synchronized void close() {
        producer.close();
    }
}
