package dev.stampede.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.outbox.OutboxEvent;
import dev.stampede.devservers.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publisher and the consumer against a real broker (the embedded KRaft one), a fresh topic per test. */
class KafkaEventsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static EmbeddedKafkaBroker broker;

    private final String topic = "events-" + UUID.randomUUID();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(Files.createTempDirectory("stampede-kafka-test"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static List<OutboxEvent> events(int count, List<UUID> aggregates) {
        return IntStream.range(0, count)
                .mapToObj(i -> new OutboxEvent(
                        i + 1,
                        UUID.randomUUID(),
                        aggregates.get(i % aggregates.size()),
                        "type-" + i,
                        "{\"n\": " + i + "}",
                        Instant.parse("2026-01-01T00:00:00Z").plusMillis(i)))
                .toList();
    }

    private static Map<UUID, List<Long>> positionsByAggregate(Iterable<OutboxEvent> events) {
        List<OutboxEvent> all = new ArrayList<>();
        events.forEach(all::add);
        return all.stream()
                .collect(Collectors.groupingBy(
                        OutboxEvent::aggregateId, Collectors.mapping(OutboxEvent::position, Collectors.toList())));
    }

    @Test
    void aPublisherAsksForItsTopicAtStartSoABrokerThatCreatesTopicsOnFirstUseHasItBeforeTheFirstBatch() {
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(broker.bootstrapServers(), topic, TIMEOUT);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> admin.listTopics().names().get().contains(topic));
        }
    }

    @Test
    void everyPublishedEventIsConsumedWithAllItsFieldsAndEachAggregatesEventsInOrder() {
        List<OutboxEvent> sent = events(60, List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()));
        Queue<OutboxEvent> received = new ConcurrentLinkedQueue<>();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(broker.bootstrapServers(), topic, TIMEOUT);
                KafkaEventConsumer consumer = KafkaEventConsumer.start(
                        broker.bootstrapServers(), topic, "test", received::addAll, Duration.ofMillis(50))) {
            publisher.publish(sent.subList(0, 30));
            publisher.publish(sent.subList(30, 60));
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 60);
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
        positionsByAggregate(received)
                .values()
                .forEach(positions -> assertThat(positions).isSorted());
    }

    @Test
    void eventsWhoseHandlerFailedAreDeliveredAgainAndCommittedOnlyOnceHandled() {
        List<OutboxEvent> sent = events(20, List.of(UUID.randomUUID()));
        AtomicInteger failuresLeft = new AtomicInteger(3);
        Queue<OutboxEvent> handled = new ConcurrentLinkedQueue<>();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(broker.bootstrapServers(), topic, TIMEOUT)) {
            publisher.publish(sent);
        }
        try (KafkaEventConsumer consumer = KafkaEventConsumer.start(
                broker.bootstrapServers(),
                topic,
                "test",
                events -> {
                    for (OutboxEvent event : events) {
                        if (event.position() == 10 && failuresLeft.getAndDecrement() > 0) {
                            throw new StoreUnavailableException("database down", null);
                        }
                        handled.add(event);
                    }
                },
                Duration.ofMillis(50))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> handled.stream().anyMatch(event -> event.position() == 20));
        }
        assertThat(failuresLeft.get()).isNegative();
        assertThat(handled.stream().distinct().toList()).containsExactlyElementsOf(sent);
        // the records before the failing one were handled again with each retry of their batch: at least once
        assertThat(handled.stream().filter(event -> event.position() == 10)).hasSize(1);

        Queue<OutboxEvent> afterRestart = new ConcurrentLinkedQueue<>();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(broker.bootstrapServers(), topic, TIMEOUT);
                KafkaEventConsumer consumer = KafkaEventConsumer.start(
                        broker.bootstrapServers(), topic, "test", afterRestart::addAll, Duration.ofMillis(50))) {
            List<OutboxEvent> next = events(1, List.of(UUID.randomUUID()));
            publisher.publish(next);
            await().atMost(Duration.ofSeconds(60)).until(() -> !afterRestart.isEmpty());
            assertThat(afterRestart).containsExactlyElementsOf(next);
        }
    }

    @Test
    void handledBatchesAreCommittedWhileTheConsumerRunsWithoutWaitingForMoreEvents() throws Exception {
        List<OutboxEvent> sent = events(25, List.of(UUID.randomUUID()));
        Queue<OutboxEvent> handled = new ConcurrentLinkedQueue<>();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(broker.bootstrapServers(), topic, TIMEOUT);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
                KafkaEventConsumer consumer = KafkaEventConsumer.start(
                        broker.bootstrapServers(), topic, "interval", handled::addAll, Duration.ofMillis(50))) {
            publisher.publish(sent);
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 25);
            // without closing the consumer, and without more events to poll
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(admin, "interval") == 25);
        }
    }

    @Test
    void aBatchWhoseHandlerFailedWithAnErrorIsNotCommittedAndComesToTheNextConsumer() {
        List<OutboxEvent> sent = events(3, List.of(UUID.randomUUID()));
        Queue<OutboxEvent> handled = new ConcurrentLinkedQueue<>();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(broker.bootstrapServers(), topic, TIMEOUT)) {
            publisher.publish(sent.subList(0, 1));
            // each handled event sends the next at once, so the third fails while the second is not committed yet
            try (KafkaEventConsumer consumer = KafkaEventConsumer.start(
                    broker.bootstrapServers(),
                    topic,
                    "error",
                    events -> {
                        long position = events.getLast().position();
                        if (position == 3) {
                            throw new AssertionError("the consumer's thread dies");
                        }
                        handled.addAll(events);
                        publisher.publish(sent.subList((int) position, (int) position + 1));
                    },
                    Duration.ofMillis(50))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 2);
            }
        }

        Queue<OutboxEvent> next = new ConcurrentLinkedQueue<>();
        try (KafkaEventConsumer consumer = KafkaEventConsumer.start(
                broker.bootstrapServers(), topic, "error", next::addAll, Duration.ofMillis(50))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !next.isEmpty());
        }
        assertThat(next).containsExactly(sent.get(2));
    }

    @Test
    void aConsumerClosedWhileItHandlesABatchCommitsItAndLeavesTheGroup() throws Exception {
        List<OutboxEvent> sent = events(6, List.of(UUID.randomUUID()));
        CountDownLatch handling = new CountDownLatch(1);
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(broker.bootstrapServers(), topic, TIMEOUT)) {
            publisher.publish(sent.subList(0, 5));
            KafkaEventConsumer first = KafkaEventConsumer.start(
                    broker.bootstrapServers(),
                    topic,
                    "closing",
                    events -> {
                        handling.countDown();
                        LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
                    },
                    Duration.ofMillis(50));
            assertThat(handling.await(60, TimeUnit.SECONDS)).isTrue();
            first.close();
            publisher.publish(sent.subList(5, 6));
        }

        Queue<OutboxEvent> next = new ConcurrentLinkedQueue<>();
        try (KafkaEventConsumer consumer = KafkaEventConsumer.start(
                broker.bootstrapServers(), topic, "closing", next::addAll, Duration.ofMillis(50))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !next.isEmpty());
        }
        assertThat(next).containsExactly(sent.get(5));
    }

    /** The offsets group {@code group} has committed on the test's topic, summed over its partitions. */
    private long committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(topic))
                .mapToLong(entry -> entry.getValue().offset())
                .sum();
    }

    @Test
    void aBatchTheBrokerCannotTakeThrowsStoreUnavailableWithinTheTimeout() {
        try (KafkaEventPublisher publisher = new KafkaEventPublisher("127.0.0.1:1", topic, TIMEOUT)) {
            assertThatThrownBy(() -> publisher.publish(events(2, List.of(UUID.randomUUID()))))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }
}
