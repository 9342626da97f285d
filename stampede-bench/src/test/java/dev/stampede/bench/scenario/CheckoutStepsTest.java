package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.service.MigratedPostgres;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.CheckoutStore;
import dev.stampede.core.checkout.Reservation.Reserved;
import dev.stampede.core.outbox.OutboxSignal;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.checkout.CheckoutBatches;
import dev.stampede.jdbc.checkout.JdbcCheckoutStores;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import dev.stampede.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The steps after the reservation, read from the outbox's timestamps of a real saga store's transitions. */
class CheckoutStepsTest {

    @Test
    void theWaitBeforeChargingAndThePaymentAreReadPerCheckoutOfTheSkuFromItsEvents() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (MigratedPostgres postgres = new MigratedPostgres(4);
                InstanceLiveness instance = new InstanceLiveness(postgres.database(), Duration.ofSeconds(10))) {
            Transactions transactions = new Transactions(postgres.database());
            CheckoutStore store = JdbcCheckoutStores.checkouts(
                    transactions, transactions, clock, instance, CheckoutBatches.DEFAULT, new OutboxSignal());
            String sku = "steps";
            JdbcSaleStores.skus(transactions, clock).create(sku, "Steps", "conditional", 5);
            JdbcSaleStores.skus(transactions, clock).create("other", "Other", "conditional", 5);
            Map<String, UUID> ids = new HashMap<>();
            for (String buyer : new String[] {"a", "b", "c"}) {
                ids.put(buyer, reserve(store, clock, sku, buyer));
            }
            UUID elsewhere = reserve(store, clock, "other", "d");

            clock.advance(Duration.ofMillis(100));
            store.startCharging(ids.get("a"), clock.instant()); // waited 100 ms
            clock.advance(Duration.ofMillis(100));
            store.startCharging(ids.get("c"), clock.instant()); // 200 ms
            clock.advance(Duration.ofMillis(100));
            store.startCharging(ids.get("b"), clock.instant()); // 300 ms
            store.startCharging(elsewhere, clock.instant());
            clock.advance(Duration.ofMillis(2_000));
            store.release(ids.get("b"), "declined"); // paid for 2,000 ms
            clock.advance(Duration.ofMillis(1_800));
            store.confirm(ids.get("a"), "ch-a"); // 4,000 ms
            clock.advance(Duration.ofMillis(2_100));
            store.confirm(ids.get("c"), "ch-c"); // 6,000 ms
            clock.advance(Duration.ofMillis(60_000));
            store.confirm(elsewhere, "ch-d"); // another SKU's: not counted

            assertThat(new CheckoutSteps(postgres.database()).of(sku))
                    .isEqualTo(Map.of(
                            "checkout_step_to_charging_p50_ms", 200L,
                            "checkout_step_to_charging_p99_ms", 300L,
                            "checkout_step_payment_p50_ms", 4_000L,
                            "checkout_step_payment_p99_ms", 6_000L));
        }
    }

    private static UUID reserve(CheckoutStore store, Clock clock, String sku, String buyer) {
        return ((Reserved) store.reserve(
                        new CheckoutRequest(sku, buyer, 1, 500, "key-" + buyer),
                        clock.instant().plus(Duration.ofMinutes(5)),
                        checkout -> {}))
                .checkout()
                .id();
    }
}
