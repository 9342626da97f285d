package dev.stampede.jdbc.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.checkout.FulfilmentStore;
import dev.stampede.core.outbox.OutboxEvent;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.testkit.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
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

        assertThat(fulfilment.apply(confirmed)).isTrue();
        assertThat(fulfilment.apply(confirmed)).isFalse();
        assertThat(fulfilment.apply(other)).isTrue();
        assertThat(fulfilment.apply(confirmed)).isFalse();

        assertThat(tally("order.confirmed")).containsExactly(2L, 5L);
        assertThat(tally("checkout.reserved")).containsExactly(0L, 0L);
    }

    @Test
    void oneEventDeliveredToManyConsumersAtOnceIsAppliedOnce() throws Exception {
        OutboxEvent confirmed = event("order.confirmed", 1);
        int consumers = 12;
        CountDownLatch start = new CountDownLatch(1);
        Callable<Boolean> deliver = () -> {
            start.await();
            return fulfilment.apply(confirmed);
        };
        try (ExecutorService threads = Executors.newFixedThreadPool(consumers)) {
            List<Future<Boolean>> answers = IntStream.range(0, consumers)
                    .mapToObj(i -> threads.submit(deliver))
                    .toList();
            start.countDown();
            long applied = 0;
            for (Future<Boolean> answer : answers) {
                applied += answer.get() ? 1 : 0;
            }
            assertThat(applied).isEqualTo(1);
        }
        assertThat(tally("order.confirmed")).containsExactly(1L, 1L);
    }
}
