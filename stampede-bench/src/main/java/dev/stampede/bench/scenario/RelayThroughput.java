package dev.stampede.bench.scenario;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.outbox.EventPublisher;
import dev.stampede.core.outbox.OutboxEvent;
import dev.stampede.core.outbox.OutboxRelay;
import dev.stampede.core.outbox.OutboxStore;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.outbox.JdbcOutbox;
import dev.stampede.kafka.KafkaEventConsumer;
import dev.stampede.kafka.KafkaEventPublisher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What the outbox relay alone can do (issue 14: at least 20,000 events/s to the local broker): no HTTP and no saga,
 * the service's own relay ({@link OutboxRelay} over {@code JdbcOutboxStore} and {@link KafkaEventPublisher}) draining
 * an outbox that was filled beforehand, on Stampede's tables with durable commits.
 *
 * <p>A run fills {@code outbox} with {@code events} unpublished events of {@code events / 4} checkouts, four each
 * ({@code checkout.reserved}, {@code payment.started}, {@code payment.charged}, {@code order.confirmed}, with the
 * saga's payload), one checkout's four events spread over the whole outbox as a live checkout's are spread over
 * seconds. Then {@code relays} threads each run the relay until nothing is left unpublished, timed from the first batch
 * taken to the last batch marked. Then the audit: a consumer of its own reads the run's topic from the start and
 * must receive every event id at least once, each checkout's events in outbox order (first deliveries).
 */
public final class RelayThroughput {

    /** One timed drain and its audit. */
    public record Result(
            int relays,
            int batch,
            long events,
            double seconds,
            double brokerSeconds,
            long failedBatches,
            long received,
            long duplicates,
            long outOfOrder) {

        public double eventsPerSecond() {
            return events / seconds;
        }

        /** The share of the relays' time spent waiting for the broker's acknowledgements, 0 to 1; the rest is SQL. */
        public double brokerShare() {
            return brokerSeconds / (relays * seconds);
        }

        /** Every event arrived, none out of its checkout's order. */
        public boolean passed() {
            return received == events && outOfOrder == 0;
        }
    }

    private static final Duration AUDIT_WAIT = Duration.ofSeconds(120);
    /** The service's default {@code stampede.kafka.publish-timeout}. */
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    private final DataSource database;
    private final String bootstrapServers;

    /** {@code database}: Stampede's tables (any earlier rows of {@code outbox} must be published). */
    public RelayThroughput(DataSource database, String bootstrapServers) {
        this.database = database;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Fills the outbox with {@code events} events (a multiple of 4), drains it with {@code relays} relays of {@code
     * batch} events per transaction into a new topic, and audits the topic.
     *
     * @throws IllegalStateException if the outbox had unpublished events before the fill, or a relay failed
     */
    public Result run(int events, int batch, int relays) throws SQLException, InterruptedException {
        if (events < 4 || events % 4 != 0 || batch < 1 || relays < 1) {
            throw new IllegalArgumentException("events must be a positive multiple of 4, batch and relays positive");
        }
        String topic = "stampede.relay-bench-" + UUID.randomUUID();
        OutboxStore outbox = JdbcOutbox.outbox(new Transactions(database), Clock.systemUTC());
        if (outbox.oldestUnpublished().isPresent()) {
            throw new IllegalStateException("the outbox has unpublished events: the relay would publish them too");
        }
        createTopic(topic);
        fill(events);
        LongAdder brokerNanos = new LongAdder();
        Drain drain;
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(bootstrapServers, topic, PUBLISH_TIMEOUT)) {
            EventPublisher timed = batchOfEvents -> {
                long start = System.nanoTime();
                try {
                    publisher.publish(batchOfEvents);
                } finally {
                    brokerNanos.add(System.nanoTime() - start);
                }
            };
            drain = drain(new OutboxRelay(outbox, timed, batch, OutboxRelay.PublishedHook.NONE), outbox, relays);
        }
        return audit(topic, relays, batch, events, drain, brokerNanos.sum() / 1e9);
    }

    /**
     * Creates the run's topic (the broker's default partitions) and waits until every partition has a leader: a topic
     * created by the first send is not ready at once, and its creation is not the relay's work.
     */
    private void createTopic(String topic) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all()
                    .get();
            long deadline = System.nanoTime() + PUBLISH_TIMEOUT.toNanos();
            while (!led(admin, topic)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has a partition without a leader");
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topic " + topic, e);
        }
    }

    /** Whether every partition of {@code topic} has a leader; false while the broker does not know the topic yet. */
    private static boolean led(Admin admin, String topic) throws InterruptedException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .allMatch(partition -> partition.leader() != null);
        } catch (ExecutionException e) {
            return false;
        }
    }

    private void fill(int events) throws SQLException {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO outbox (event_id, aggregate_id, type, payload, created_at)"
                            + " SELECT gen_random_uuid(), c.id, t.type[n / ? + 1], json_build_object('checkoutId',"
                            + " c.id, 'skuId', 'bench-relay', 'buyerId', 'buyer-' || n % ?, 'quantity', 1, 'amount',"
                            + " 1999, 'state', t.state[n / ? + 1], 'reason', null, 'chargeId', CASE WHEN n / ? >= 2"
                            + " THEN 'ch_' || md5(c.id::text) END, 'at', now())::text, now()"
                            + " FROM generate_series(0, ? - 1) n,"
                            + " LATERAL (SELECT md5(? || (n % ?))::uuid AS id) c,"
                            + " (SELECT ARRAY['checkout.reserved', 'payment.started', 'payment.charged',"
                            + " 'order.confirmed'] AS type, ARRAY['reserved', 'charging', 'confirmed', 'confirmed']"
                            + " AS state) t"
                            + " ORDER BY n")) {
                int checkouts = events / 4;
                insert.setInt(1, checkouts);
                insert.setInt(2, checkouts);
                insert.setInt(3, checkouts);
                insert.setInt(4, checkouts);
                insert.setInt(5, events);
                insert.setString(6, UUID.randomUUID().toString());
                insert.setInt(7, checkouts);
                insert.executeUpdate();
            }
            try (Statement maintenance = connection.createStatement()) {
                // what autovacuum would have done by then on a live outbox: earlier runs' rows cleaned, statistics read
                maintenance.execute("VACUUM ANALYZE outbox");
            }
        }
    }

    /** How long a drain took, from the first batch taken to the last one marked, and the batches that failed. */
    private record Drain(double seconds, long failedBatches) {}

    /**
     * {@code relays} relays at once until nothing is left unpublished. A batch the broker did not acknowledge is
     * counted and taken again, as the service's relay job does after its back-off.
     */
    private static Drain drain(OutboxRelay relay, OutboxStore outbox, int relays) throws InterruptedException {
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        AtomicLong failedBatches = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        AtomicLong end = new AtomicLong(start);
        for (int i = 0; i < relays; i++) {
            threads.add(Thread.ofPlatform().name("relay-bench-" + i).start(() -> {
                try {
                    while (failed.get() == null) {
                        try {
                            if (relay.relayOnce() > 0) {
                                end.accumulateAndGet(System.nanoTime(), Math::max);
                            } else if (outbox.oldestUnpublished().isEmpty()) {
                                return;
                            } else {
                                LockSupport.parkNanos(Duration.ofMillis(1).toNanos()); // the rest is held by others
                            }
                        } catch (StoreUnavailableException e) {
                            failedBatches.incrementAndGet();
                        }
                    }
                } catch (RuntimeException e) {
                    failed.compareAndSet(null, e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("a relay failed", failed.get());
        }
        return new Drain((end.get() - start) / 1e9, failedBatches.get());
    }

    private Result audit(String topic, int relays, int batch, int events, Drain drain, double brokerSeconds)
            throws InterruptedException {
        Map<UUID, Long> lastPosition = new ConcurrentHashMap<>();
        Map<UUID, Boolean> seen = new ConcurrentHashMap<>();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        try (KafkaEventConsumer consumer = KafkaEventConsumer.start(
                bootstrapServers,
                topic,
                "stampede-relay-bench-audit",
                delivered -> {
                    for (OutboxEvent event : delivered) {
                        if (seen.putIfAbsent(event.eventId(), Boolean.TRUE) != null) {
                            duplicates.incrementAndGet();
                            continue;
                        }
                        Long before = lastPosition.put(event.aggregateId(), event.position());
                        if (before != null && before > event.position()) {
                            outOfOrder.incrementAndGet();
                        }
                    }
                },
                Duration.ofMillis(200))) {
            long deadline = System.nanoTime() + AUDIT_WAIT.toNanos();
            while (seen.size() < events && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        return new Result(
                relays,
                batch,
                events,
                drain.seconds(),
                brokerSeconds,
                drain.failedBatches(),
                seen.size(),
                duplicates.get(),
                outOfOrder.get());
    }
}
