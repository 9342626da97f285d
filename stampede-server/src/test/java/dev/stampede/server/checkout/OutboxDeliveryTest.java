package dev.stampede.server.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.CheckoutStore;
import dev.stampede.core.checkout.Reservation.Reserved;
import dev.stampede.core.outbox.OutboxRelay;
import dev.stampede.core.outbox.OutboxSignal;
import dev.stampede.core.outbox.OutboxStore;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.devservers.EmbeddedKafkaBroker;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.checkout.CheckoutBatches;
import dev.stampede.jdbc.checkout.JdbcCheckoutStores;
import dev.stampede.jdbc.outbox.JdbcOutbox;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import dev.stampede.kafka.KafkaEventConsumer;
import dev.stampede.kafka.KafkaEventPublisher;
import dev.stampede.testkit.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox's way out end to end: checkout transitions on a real PostgreSQL write events, the relay publishes them to
 * a real Kafka broker (the embedded KRaft one), the fulfilment consumer applies them. Delivery is at least once; the
 * proofs are that the effects ({@code fulfilment_tallies}, increments that an event applied twice would show) equal
 * what the outbox holds exactly, whatever was delivered twice: a relay stopped between the broker's acknowledgement and
 * its mark, a topic read again from its start, a broker stopped and started again mid-stream.
 */
class OutboxDeliveryTest {

    private static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
    private static Path logDirectory;
    private static int port;
    private static EmbeddedKafkaBroker broker;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MutableClock relayClock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final String sku = "sku-" + UUID.randomUUID();
    private final String topic = "checkout-events-" + UUID.randomUUID();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final InstanceLiveness liveness = new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10));
    private final OutboxSignal committed = new OutboxSignal();
    private final CheckoutStore checkouts = JdbcCheckoutStores.checkouts(
            TRANSACTIONS, TRANSACTIONS, clock, liveness, CheckoutBatches.DEFAULT, committed);
    private final OutboxStore outbox = JdbcOutbox.outbox(TRANSACTIONS, clock);
    private final List<AutoCloseable> clients = new ArrayList<>();

    /** Stops the relay where it is, as a {@code kill -9} at that point would. */
    private static final class Crash extends Error {
        Crash() {
            super("relay crashed after the broker acknowledged", null, false, false);
        }
    }

    @BeforeAll
    static void startBroker() throws Exception {
        logDirectory = Files.createTempDirectory("stampede-outbox-test");
        broker = EmbeddedKafkaBroker.start(logDirectory, 0);
        port = broker.port();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : clients.reversed()) {
            client.close();
        }
        liveness.close();
    }

    private <T extends AutoCloseable> T closedAfter(T client) {
        clients.add(client);
        return client;
    }

    private OutboxRelayJob relay(OutboxRelay.PublishedHook hook) {
        return relay(hook, POLL_INTERVAL);
    }

    private OutboxRelayJob relay(OutboxRelay.PublishedHook hook, Duration pollInterval) {
        KafkaEventPublisher publisher =
                closedAfter(new KafkaEventPublisher(broker.bootstrapServers(), topic, PUBLISH_TIMEOUT));
        return new OutboxRelayJob(
                new OutboxRelay(outbox, publisher, 50, hook),
                outbox,
                committed,
                pollInterval,
                relayClock,
                new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(200)),
                meters);
    }

    private Fulfilment consume(String group) {
        Fulfilment fulfilment = new Fulfilment(JdbcOutbox.fulfilment(TRANSACTIONS, clock), meters);
        closedAfter(
                KafkaEventConsumer.start(broker.bootstrapServers(), topic, group, fulfilment, Duration.ofMillis(50)));
        return fulfilment;
    }

    /** {@code count} checkouts of the SKU: every fifth released (declined), the others confirmed. */
    private void checkouts(int count) {
        for (int i = 0; i < count; i++) {
            Reserved reserved = (Reserved) checkouts.reserve(
                    new CheckoutRequest(sku, "buyer-" + UUID.randomUUID(), 1 + i % 2, 1000, "key-" + i),
                    clock.instant().plus(Duration.ofHours(1)),
                    checkout -> {});
            UUID id = reserved.checkout().id();
            assertThat(checkouts.startCharging(id, clock.instant())).isTrue();
            if (i % 5 == 0) {
                assertThat(checkouts.release(id, "declined")).isTrue();
            } else {
                assertThat(checkouts.confirm(id, "charge-" + i)).isTrue();
            }
        }
    }

    private void onSale(int units) {
        JdbcSaleStores.skus(TRANSACTIONS, clock).create(sku, "Outbox test", "conditional", units);
    }

    /** Per event type, "events units" of the SKU's checkouts in the outbox: the effects the consumer must have. */
    private Map<String, String> expectedEffects() {
        return effects(
                "SELECT o.type, count(*), sum(c.quantity) FROM outbox o JOIN checkouts c ON c.id = o.aggregate_id"
                        + " WHERE c.sku_id = ? GROUP BY o.type");
    }

    private Map<String, String> appliedEffects() {
        return effects("SELECT event_type, events, units FROM fulfilment_tallies WHERE sku_id = ?");
    }

    private Map<String, String> effects(String query) {
        return TRANSACTIONS.required(connection -> {
            Map<String, String> effects = new TreeMap<>();
            for (List<String> row : Sql.on(connection)
                    .query(query, r -> List.of(r.getString(1), r.getLong(2) + " " + r.getLong(3)), sku)) {
                effects.put(row.get(0), row.get(1));
            }
            return effects;
        });
    }

    /** Events of the SKU's checkouts not yet published, or published and not yet applied by the consumer. */
    private long notDeliveredYet() {
        return TRANSACTIONS.required(connection -> Sql.on(connection)
                .queryOne(
                        "SELECT count(*) FROM outbox o JOIN checkouts c ON c.id = o.aggregate_id"
                                + " LEFT JOIN consumed_events e ON e.consumer = 'fulfilment' AND e.event_id = o.event_id"
                                + " WHERE c.sku_id = ? AND (o.published_at IS NULL OR e.event_id IS NULL)",
                        row -> row.getLong(1),
                        sku));
    }

    private void drain(OutboxRelayJob relay) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            relay.run();
            return notDeliveredYet() == 0;
        });
    }

    private double counted(String outcome) {
        return meters.get("stampede.fulfilment.events")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    @Test
    void everyEventOfEveryCheckoutIsPublishedAndAppliedOnceAndTheLagFallsToZero() {
        onSale(100);
        checkouts(20);
        consume("fulfilment");
        OutboxRelayJob relay = relay(OutboxRelay.PublishedHook.NONE);

        drain(relay);

        assertThat(appliedEffects()).isEqualTo(expectedEffects());
        assertThat(expectedEffects())
                .containsEntry("checkout.reserved", "20 30")
                .containsEntry("order.confirmed", "16 24")
                .containsEntry("reservation.released", "4 6");
        // 16 confirmed checkouts x 4 events + 4 released x 3 (other tests' leftovers may come with them)
        assertThat(meters.get("stampede.outbox.published.events").counter().count())
                .isGreaterThanOrEqualTo(76);
        assertThat(meters.get("stampede.outbox.lag").timeGauge().value()).isZero();
        assertThat(counted("applied")).isGreaterThanOrEqualTo(76);
    }

    /**
     * The relay as the service schedules it ({@link OutboxRelayJob#awaitEventsThenRun} in a loop) with a poll interval
     * of an hour: every event reaches the consumer because the checkout store's commits wake the relay, not the poll.
     */
    @Test
    void aCommittedEventIsPublishedWithoutWaitingForTheRelaysPollInterval() throws InterruptedException {
        onSale(100);
        consume("fulfilment");
        OutboxRelayJob relay = relay(OutboxRelay.PublishedHook.NONE, Duration.ofHours(1));
        Thread scheduled = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    relay.awaitEventsThenRun();
                } catch (StoreUnavailableException e) {
                    // backing off: the next run waits again
                }
            }
        });
        try {
            await().until(() -> scheduled.getState() == Thread.State.TIMED_WAITING); // waiting out its hour
            checkouts(1); // reserved, payment started, released (declined)

            await().atMost(Duration.ofSeconds(60)).until(() -> notDeliveredYet() == 0);
            await().until(() -> scheduled.getState() == Thread.State.TIMED_WAITING); // waiting again
            checkouts.reserve(
                    new CheckoutRequest(sku, "buyer-" + UUID.randomUUID(), 2, 1000, "key-later"),
                    clock.instant().plus(Duration.ofHours(1)),
                    checkout -> {});

            await().atMost(Duration.ofSeconds(60)).until(() -> notDeliveredYet() == 0);
            assertThat(appliedEffects())
                    .isEqualTo(expectedEffects())
                    .containsEntry("checkout.reserved", "2 3")
                    .containsEntry("reservation.released", "1 1");
        } finally {
            scheduled.interrupt();
            scheduled.join();
        }
    }

    @Test
    void aRelayStoppedBetweenTheBrokersAcknowledgementAndItsMarkPublishesAgainAndTheConsumerAbsorbsTheDuplicates() {
        onSale(100);
        checkouts(10);
        consume("fulfilment");
        AtomicInteger crashes = new AtomicInteger();
        OutboxRelayJob crashing = relay(events -> {
            crashes.incrementAndGet();
            throw new Crash();
        });

        assertThatThrownBy(crashing::run).isInstanceOf(Crash.class);
        assertThat(crashes).hasValue(1);
        assertThat(notDeliveredYet()).isEqualTo(38); // published to Kafka, not marked (8 x 4 + 2 x 3 events)

        drain(relay(OutboxRelay.PublishedHook.NONE));

        await().atMost(Duration.ofSeconds(60)).until(() -> counted("duplicate") >= 1);
        assertThat(appliedEffects()).isEqualTo(expectedEffects());
        assertThat(expectedEffects()).containsEntry("order.confirmed", "8 12");
    }

    @Test
    void aConsumerThatReadsTheWholeTopicAgainAppliesNothingTwice() {
        onSale(100);
        checkouts(10);
        consume("fulfilment");
        drain(relay(OutboxRelay.PublishedHook.NONE));
        Map<String, String> once = appliedEffects();
        double duplicatesBefore = counted("duplicate");

        // a new group starts at the topic's beginning: every event is delivered a second time
        consume("fulfilment-replay");
        await().atMost(Duration.ofSeconds(60)).until(() -> counted("duplicate") - duplicatesBefore >= 38);

        assertThat(appliedEffects()).isEqualTo(once).isEqualTo(expectedEffects());
    }

    /**
     * Checkouts keep coming while the broker is stopped and started again on the same log directory and port: the relay
     * fails, backs off and resumes, the consumer reconnects; every event ends applied once.
     */
    @Test
    void aBrokerStoppedAndStartedAgainMidStreamLosesNoEventAndAppliesNoneTwice() throws Exception {
        onSale(1000);
        consume("fulfilment");
        OutboxRelayJob relay = relay(OutboxRelay.PublishedHook.NONE);
        AtomicBoolean relaying = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        Thread relayLoop = Thread.ofPlatform().name("relay-loop").start(() -> {
            while (relaying.get()) {
                try {
                    relay.run();
                } catch (StoreUnavailableException e) {
                    failures.incrementAndGet();
                }
                relayClock.advance(Duration.ofMillis(50));
            }
        });

        checkouts(10);
        await().atMost(Duration.ofSeconds(60)).until(() -> notDeliveredYet() == 0);
        broker.close();
        checkouts(10);
        await().atMost(Duration.ofSeconds(60)).until(() -> failures.get() >= 2 || !relayLoop.isAlive());
        assertThat(relayLoop.isAlive()).isTrue();
        assertThat(notDeliveredYet()).isEqualTo(38);

        broker = EmbeddedKafkaBroker.start(logDirectory, port);
        checkouts(10);
        await().atMost(Duration.ofSeconds(90)).until(() -> notDeliveredYet() == 0);
        relaying.set(false);
        relayLoop.join(Duration.ofSeconds(30));

        assertThat(appliedEffects()).isEqualTo(expectedEffects());
        assertThat(expectedEffects()).containsEntry("checkout.reserved", "30 45");
    }

    @Test
    void aRelayThatCannotReachTheBrokerWaitsOutItsBackOffBeforeTryingAgain() {
        onSale(10);
        checkouts(1);
        relayClock.advance(Duration.ofSeconds(3));
        KafkaEventPublisher nowhere = closedAfter(new KafkaEventPublisher("127.0.0.1:1", topic, Duration.ofSeconds(2)));
        AtomicInteger attempts = new AtomicInteger();
        OutboxRelayJob relay = new OutboxRelayJob(
                new OutboxRelay(
                        outbox,
                        events -> {
                            attempts.incrementAndGet();
                            nowhere.publish(events);
                        },
                        50,
                        OutboxRelay.PublishedHook.NONE),
                outbox,
                committed,
                POLL_INTERVAL,
                relayClock,
                new RetryPolicy(1, Duration.ofSeconds(10), Duration.ofSeconds(10)),
                meters);

        assertThatThrownBy(relay::run).isInstanceOf(StoreUnavailableException.class);
        assertThat(attempts).hasValue(1);
        // runs while backing off do not touch the broker
        while (relay.backingOff()) {
            relay.run();
            relayClock.advance(Duration.ofSeconds(1));
        }
        assertThat(attempts).hasValue(1);
        assertThatThrownBy(relay::run).isInstanceOf(StoreUnavailableException.class);
        assertThat(attempts).hasValue(2);
        assertThat(notDeliveredYet()).isEqualTo(3); // reserved, payment started, released
        // the lag: from the event's creation (the checkout's clock) to the relay's clock, past the back-off
        assertThat(meters.get("stampede.outbox.lag").timeGauge().value(TimeUnit.MILLISECONDS))
                .isEqualTo(
                        Duration.between(clock.instant(), relayClock.instant()).toMillis())
                .isPositive();
    }
}
