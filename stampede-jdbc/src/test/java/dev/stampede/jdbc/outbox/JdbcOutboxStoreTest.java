package dev.stampede.jdbc.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.outbox.OutboxEvent;
import dev.stampede.core.outbox.OutboxStore;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's side of the outbox on a real PostgreSQL: order, marks after the publisher only, two relays at once. */
class JdbcOutboxStoreTest {

    private static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final OutboxStore outbox = JdbcOutbox.outbox(TRANSACTIONS, clock);

    /** Other tests of this JVM leave events behind; each test here starts from an outbox with nothing unpublished. */
    @BeforeEach
    void publishWhatOthersLeft() {
        while (outbox.publishNext(1000, events -> {}) > 0) {}
    }

    private UUID write(UUID aggregate, String type) {
        UUID eventId = UUID.randomUUID();
        TRANSACTIONS.required(connection -> Sql.on(connection)
                .updateOne(
                        "event",
                        "INSERT INTO outbox (event_id, aggregate_id, type, payload, created_at) VALUES (?, ?, ?, '{}', ?)",
                        eventId,
                        aggregate,
                        type,
                        clock.instant()));
        return eventId;
    }

    private static List<UUID> ids(List<OutboxEvent> events) {
        return events.stream().map(OutboxEvent::eventId).toList();
    }

    @Test
    void eventsArePublishedInOutboxOrderAndMarkedSoTheNextBatchTakesTheRest() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        List<UUID> written = List.of(
                write(first, "a"), write(second, "a"), write(first, "b"), write(second, "b"), write(first, "c"));

        List<OutboxEvent> published = new ArrayList<>();
        assertThat(outbox.publishNext(3, published::addAll)).isEqualTo(3);
        assertThat(outbox.publishNext(3, published::addAll)).isEqualTo(2);
        assertThat(outbox.publishNext(3, published::addAll)).isZero();

        assertThat(ids(published)).containsExactlyElementsOf(written);
        assertThat(published.getFirst().aggregateId()).isEqualTo(first);
        assertThat(published.getFirst().type()).isEqualTo("a");
        assertThat(published.stream().map(OutboxEvent::position).toList()).isSorted();
    }

    @Test
    void aPublisherThatFailsMarksNothingAndTheNextCallPublishesTheSameEvents() {
        List<UUID> written = List.of(write(UUID.randomUUID(), "a"), write(UUID.randomUUID(), "a"));

        assertThatThrownBy(() -> outbox.publishNext(10, events -> {
                    throw new StoreUnavailableException("broker down", null);
                }))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(outbox.oldestUnpublished()).contains(clock.instant());

        List<OutboxEvent> published = new ArrayList<>();
        assertThat(outbox.publishNext(10, published::addAll)).isEqualTo(2);
        assertThat(ids(published)).containsExactlyElementsOf(written);
        assertThat(outbox.oldestUnpublished()).isEmpty();
    }

    @Test
    void theLagIsTheAgeOfTheOldestUnpublishedEvent() {
        Instant written = clock.instant();
        write(UUID.randomUUID(), "a");
        clock.advance(Duration.ofSeconds(3));
        write(UUID.randomUUID(), "a");

        assertThat(outbox.oldestUnpublished()).contains(written);
        outbox.publishNext(1, events -> {});
        assertThat(outbox.oldestUnpublished()).contains(written.plusSeconds(3));
    }

    /**
     * Relay A holds a batch (its publisher waits on a latch) while relay B runs: B takes none of A's events, and of
     * the aggregates A holds an event of, none of the later events either, which it publishes after A committed.
     */
    @Test
    void aSecondRelaySkipsTheEventsTheFirstHoldsAndNeverPublishesAnAggregateOutOfOrder() throws Exception {
        UUID held = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID heldFirst = write(held, "a");
        UUID otherFirst = write(other, "a");
        UUID heldSecond = write(held, "b");
        UUID otherSecond = write(other, "b");

        CountDownLatch aHolds = new CountDownLatch(1);
        CountDownLatch aMayFinish = new CountDownLatch(1);
        List<OutboxEvent> byA = new ArrayList<>();
        CompletableFuture<Integer> relayA = CompletableFuture.supplyAsync(() -> outbox.publishNext(1, events -> {
            byA.addAll(events);
            aHolds.countDown();
            try {
                aMayFinish.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(aHolds.await(30, TimeUnit.SECONDS)).isTrue();

        List<OutboxEvent> byB = new ArrayList<>();
        assertThat(outbox.publishNext(10, byB::addAll)).isEqualTo(2);
        aMayFinish.countDown();
        assertThat(relayA.get(30, TimeUnit.SECONDS)).isEqualTo(1);

        assertThat(ids(byA)).containsExactly(heldFirst);
        assertThat(ids(byB)).containsExactly(otherFirst, otherSecond);
        List<OutboxEvent> afterwards = new ArrayList<>();
        assertThat(outbox.publishNext(10, afterwards::addAll)).isEqualTo(1);
        assertThat(ids(afterwards)).containsExactly(heldSecond);
    }
}
