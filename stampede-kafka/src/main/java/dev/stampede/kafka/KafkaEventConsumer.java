package dev.stampede.kafka;

import dev.stampede.core.outbox.EventHandler;
import dev.stampede.core.outbox.OutboxEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes outbox events from one Kafka topic in a consumer group, on a thread of its own, and acknowledges them only
 * after its {@link EventHandler} has made their effects durable: each polled batch is handed to the handler whole (one
 * transaction of the fulfilment consumer instead of one per record). A handler that throws (the database down) is
 * not acknowledged: the consumer goes back to the batch's first offset of each partition and tries again after {@code
 * retryAfter}, so records of the batch that were applied come again, which the handler absorbs (its de-duplication).
 * A group new to the topic starts at its beginning ({@code auto.offset.reset=earliest}): no event is skipped. At least
 * once.
 *
 * <p>The offsets after the batches handled are committed ({@code commitSync} of exactly those offsets; auto-commit off)
 * once {@value #COMMIT_INTERVAL_MS} ms have passed since the last commit (checked after each poll, so a batch waits up
 * to that plus a poll of at most 500 ms), when partitions are revoked, and when the consumer stops; not after every
 * batch: each commit is a write to the broker's {@code __consumer_offsets} log, and at the checkout scenario's pace a
 * commit per poll was a sixth of the CPU of the JVM that held the broker (stop 32, docs/performance.md). What this
 * costs: a consumer that dies, or a commit that fails, leaves the events handled since the last commit to be delivered
 * again to the next owner of the partition, which de-duplicates them as it does any redelivery. A batch whose handler
 * failed, with an exception or an error, is never among the offsets committed.
 */
public final class KafkaEventConsumer implements AutoCloseable {

    /** How long offsets of handled batches may wait before a commit, in milliseconds. */
    static final long COMMIT_INTERVAL_MS = 1_000;

    /** The longest one commit may wait for the broker: a broker that is gone does not hold the consumer up longer. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(KafkaEventConsumer.class);

    private final KafkaConsumer<String, String> consumer;
    private final EventHandler handler;
    private final Duration retryAfter;
    private final Thread thread;
    private volatile boolean closed;
    /** The offset after the last handled record of each partition, not committed yet; this consumer's thread only. */
    private final Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();

    private long lastCommitNanos = System.nanoTime();

    private KafkaEventConsumer(
            KafkaConsumer<String, String> consumer, String topic, EventHandler handler, Duration retryAfter) {
        this.consumer = consumer;
        this.handler = handler;
        this.retryAfter = retryAfter;
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit();
                // not ours any more: what could not be committed is read again by the next owner
                handled.keySet().removeAll(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // Positions come from the group's committed offsets.
            }
        });
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
                if (!batch.isEmpty()) {
                    try {
                        List<OutboxEvent> events = new ArrayList<>(batch.count());
                        for (ConsumerRecord<String, String> record : batch) {
                            events.add(EventRecords.event(record));
                        }
                        handler.handle(events);
                    } catch (RuntimeException e) {
                        log.warn("Events not applied; they are consumed again in {}: {}", retryAfter, e.toString());
                        rewind(batch);
                        LockSupport.parkNanos(retryAfter.toNanos());
                        continue;
                    }
                    for (TopicPartition partition : batch.partitions()) {
                        handled.put(
                                partition,
                                new OffsetAndMetadata(
                                        batch.records(partition).getLast().offset() + 1));
                    }
                }
                if (System.nanoTime() - lastCommitNanos >= TimeUnit.MILLISECONDS.toNanos(COMMIT_INTERVAL_MS)) {
                    commit();
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll up
        } finally {
            try {
                commitBeforeClosing();
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * Commits the offsets of the batches handled since the last commit. A failed commit (the broker gone, the group
     * rebalanced) is only logged: the offsets stay for the next commit, and what a next owner reads again is absorbed.
     */
    private void commit() {
        if (handled.isEmpty()) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        try {
            consumer.commitSync(Map.copyOf(handled), COMMIT_TIMEOUT);
            handled.clear();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("Offsets not committed; the events since the last commit may come again: {}", e.toString());
        }
    }

    /** A wake-up left pending by {@link #close()} interrupts the first commit; it fires once, so the second runs. */
    private void commitBeforeClosing() {
        try {
            commit();
        } catch (WakeupException e) {
            commit();
        }
    }

    private void rewind(ConsumerRecords<String, String> batch) {
        for (TopicPartition partition : batch.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, batch.records(partition).getFirst().offset());
            }
        }
    }

    /** Stops consuming, after committing the offsets of every batch handled (if the broker takes them). */
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
