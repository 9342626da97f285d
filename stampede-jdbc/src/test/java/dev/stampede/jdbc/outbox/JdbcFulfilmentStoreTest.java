package dev.stampede.jdbc.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.checkout.FulfilmentStore;
import dev.stampede.core.outbox.OutboxEvent;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.testkit.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fulfilment consumer's effects on a real PostgreSQL: each event applied once however often it is delivered. */
class JdbcFulfilmentStoreTest {

    private static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FulfilmentStore fulfilment = JdbcOutbox.fulfilment(TRANSACTIONS, clock);
    private final String sku = "sku-" + UUID.randomUUID();

    private OutboxEvent event(String type, int quantity) {
        return new OutboxEvent(
                1,
                UUID.randomUUID(),
                UUID.randomUUID(),
                type,
                "{\"skuId\": \"" + sku + "\", \"quantity\": " + quantity + "}",
                clock.instant());
    }

    /** (events, units) of this SKU's tally for {@code type}; (0, 0) if none. */
    private List<Long> tally(String type) {
        return TRANSACTIONS.required(connection -> Sql.on(connection)
                .queryFirst(
                        "SELECT events, units FROM fulfilment_tallies WHERE sku_id = ? AND event_type = ?",
                        row -> List.of(row.getLong(1), row.getLong(2)),
                        sku,
                        type)
                .orElse(List.of(0L, 0L)));
    }

    @Test
    void anEventIsAppliedOnceAndItsRedeliveriesAreReportedAsDuplicates() {
        OutboxEvent confirmed = event("order.confirmed", 3);
        OutboxEvent other = event("order.confirmed", 2);

        assertThat(fulfilment.apply(List.of(confirmed))).isEqualTo(1);
        assertThat(fulfilment.apply(List.of(confirmed))).isZero();
        assertThat(fulfilment.apply(List.of(other))).isEqualTo(1);
        assertThat(fulfilment.apply(List.of(confirmed))).isZero();

        assertThat(tally("order.confirmed")).containsExactly(2L, 5L);
        assertThat(tally("checkout.reserved")).containsExactly(0L, 0L);
    }

    @Test
    void aBatchAppliesOnlyItsFirstDeliveriesAndCountsEachEventOnceEvenWhenItComesTwiceInTheBatch() {
        OutboxEvent before = event("order.confirmed", 4);
        fulfilment.apply(List.of(before));
        OutboxEvent reserved = event("checkout.reserved", 1);
        OutboxEvent confirmed = event("order.confirmed", 2);
        OutboxEvent released = event("reservation.released", 3);

        int applied = fulfilment.apply(List.of(reserved, before, confirmed, reserved, released, confirmed));

        assertThat(applied).isEqualTo(3);
        assertThat(tally("order.confirmed")).containsExactly(2L, 6L);
        assertThat(tally("checkout.reserved")).containsExactly(1L, 1L);
        assertThat(tally("reservation.released")).containsExactly(1L, 3L);
        assertThat(fulfilment.apply(List.of(released, reserved, confirmed, before)))
                .isZero();
        assertThat(fulfilment.apply(List.of())).isZero();
        assertThat(tally("order.confirmed")).containsExactly(2L, 6L);
    }

    @Test
    void oneEventDeliveredToManyConsumersAtOnceIsAppliedOnce() throws Exception {
        OutboxEvent confirmed = event("order.confirmed", 1);
        assertThat(appliedAtOnce(Collections.nCopies(12, List.of(confirmed)))).isEqualTo(1);
        assertThat(tally("order.confirmed")).containsExactly(1L, 1L);
    }

    @Test
    void batchesThatShareEventsInOtherOrdersAreAppliedAtOnceWithoutDeadlockEachEventOnce() throws Exception {
        List<String> types = List.of("checkout.reserved", "payment.charged", "order.confirmed", "reservation.released");
        List<OutboxEvent> events = IntStream.range(0, 40)
                .mapToObj(i -> event(types.get(i % types.size()), 1))
                .toList();
        List<List<OutboxEvent>> batches = IntStream.range(0, 8)
                .mapToObj(consumer -> {
                    List<OutboxEvent> shuffled = new ArrayList<>(events);
                    Collections.shuffle(shuffled, new Random(consumer));
                    return shuffled.subList(0, 30);
                })
                .toList();
        List<OutboxEvent> delivered =
                batches.stream().flatMap(List::stream).distinct().toList();

        assertThat(appliedAtOnce(batches)).isEqualTo(delivered.size());
        for (String type : types) {
            long ofType = delivered.stream()
                    .filter(event -> event.type().equals(type))
                    .count();
            assertThat(tally(type)).as(type).containsExactly(ofType, ofType);
        }
    }

    /** Each batch applied by a thread of its own, all released at the same instant; the events applied, summed. */
    private long appliedAtOnce(List<List<OutboxEvent>> batches) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(batches.size())) {
            List<Future<Integer>> answers = batches.stream()
                    .map(batch -> threads.submit(() -> {
                        start.await();
                        return fulfilment.apply(batch);
                    }))
                    .toList();
            start.countDown();
            long applied = 0;
            for (Future<Integer> answer : answers) {
                applied += answer.get();
            }
            return applied;
        }
    }
}
