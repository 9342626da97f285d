package dev.stampede.jdbc.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.checkout.Checkout;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.CheckoutState;
import dev.stampede.core.checkout.CheckoutStore;
import dev.stampede.core.checkout.Reservation;
import dev.stampede.core.checkout.Reservation.Reserved;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checkouts on a real PostgreSQL: each transition conditional, the stock moved and the events written with it. */
class JdbcCheckoutStoreTest {

    private static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());
    private static final Duration TTL = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final String sku = "sku-" + UUID.randomUUID();
    private final String buyer = "buyer-" + UUID.randomUUID();
    private final List<InstanceLiveness> instances = new ArrayList<>();

    private CheckoutStore store() {
        InstanceLiveness instance = new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10));
        instances.add(instance);
        return JdbcCheckoutStores.checkouts(TRANSACTIONS, clock, instance);
    }

    @AfterEach
    void stopInstances() {
        instances.forEach(InstanceLiveness::close);
    }

    private void stock(int units) {
        JdbcSaleStores.skus(TRANSACTIONS, clock).create(sku, "Checkout test", "conditional", units);
    }

    private int stockLeft() {
        return JdbcSaleStores.skus(TRANSACTIONS, clock).find(sku).orElseThrow().stock();
    }

    private CheckoutRequest request(String key, int quantity) {
        return new CheckoutRequest(sku, buyer, quantity, 1999L * quantity, key);
    }

    private Checkout reserve(CheckoutStore store, String key, int quantity) {
        return ((Reserved) store.reserve(request(key, quantity), clock.instant().plus(TTL))).checkout();
    }

    /** The checkouts of this test's SKU among {@code checkouts} (the database is shared with other tests). */
    private List<Checkout> mine(List<Checkout> checkouts) {
        return checkouts.stream().filter(c -> c.skuId().equals(sku)).toList();
    }

    private static List<String> events(UUID checkout) {
        return TRANSACTIONS.required(connection -> Sql.on(connection)
                .query(
                        "SELECT type FROM outbox WHERE aggregate_id = ? ORDER BY id",
                        row -> row.getString(1),
                        checkout));
    }

    @Test
    void aReservationTakesTheStockAndWritesItsEventInTheSameTransaction() {
        stock(5);
        Checkout checkout = reserve(store(), "k1", 2);

        assertThat(checkout.state()).isEqualTo(CheckoutState.RESERVED);
        assertThat(checkout.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(stockLeft()).isEqualTo(3);
        assertThat(events(checkout.id())).containsExactly("checkout.reserved");
    }

    @Test
    void aKeySentAgainAnswersTheSameCheckoutAndAnotherRequestUnderItIsRefused() {
        stock(5);
        CheckoutStore store = store();
        Checkout first = reserve(store, "k1", 1);

        assertThat(store.reserve(request("k1", 1), clock.instant().plus(TTL))).isEqualTo(new Reserved(first, true));
        assertThat(store.reserve(request("k1", 2), clock.instant().plus(TTL)))
                .isEqualTo(new Reservation.KeyReused("k1"));
        assertThat(stockLeft()).isEqualTo(4);
        assertThat(events(first.id())).containsExactly("checkout.reserved");
    }

    @Test
    void moreThanIsLeftIsSoldOutAndAnUnknownSkuIsUnknownAndNeitherChangesAnything() {
        stock(1);
        CheckoutStore store = store();

        assertThat(store.reserve(request("k1", 2), clock.instant().plus(TTL))).isEqualTo(new Reservation.SoldOut(1));
        assertThat(store.reserve(
                        new CheckoutRequest("no-such-sku-" + UUID.randomUUID(), buyer, 1, 1, "k2"),
                        clock.instant().plus(TTL)))
                .isInstanceOf(Reservation.UnknownSku.class);
        assertThat(stockLeft()).isEqualTo(1);
    }

    @Test
    void concurrentBuyersReserveExactlyTheStockAndNoMore() throws Exception {
        int units = 20;
        int buyers = 60;
        stock(units);
        CheckoutStore store = store();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reservation>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < buyers; i++) {
                CheckoutRequest request = new CheckoutRequest(sku, buyer + "-" + i, 1, 100, "k");
                answers.add(threads.submit(() -> {
                    start.await();
                    return store.reserve(request, clock.instant().plus(TTL));
                }));
            }
            start.countDown();
        }
        long reserved = 0;
        for (Future<Reservation> answer : answers) {
            reserved += answer.get() instanceof Reserved ? 1 : 0;
            assertThat(answer.get()).isInstanceOfAny(Reserved.class, Reservation.SoldOut.class);
        }
        assertThat(reserved).isEqualTo(units);
        assertThat(stockLeft()).isZero();
    }

    @Test
    void aConfirmedCheckoutKeepsItsStockAndWritesTheChargeAndTheOrderTogether() {
        stock(3);
        CheckoutStore store = store();
        Checkout checkout = reserve(store, "k1", 1);

        assertThat(store.confirm(checkout.id(), "ch_1")).as("not charging yet").isFalse();
        assertThat(store.startCharging(checkout.id(), clock.instant())).isTrue();
        assertThat(store.startCharging(checkout.id(), clock.instant()))
                .as("already charging")
                .isFalse();
        assertThat(store.confirm(checkout.id(), "ch_1")).isTrue();
        assertThat(store.release(checkout.id(), "declined")).as("final").isFalse();
        assertThat(store.refund(checkout.id(), "late")).as("final").isFalse();

        Checkout confirmed = store.find(checkout.id()).orElseThrow();
        assertThat(confirmed.state()).isEqualTo(CheckoutState.CONFIRMED);
        assertThat(confirmed.chargeId()).isEqualTo("ch_1");
        assertThat(stockLeft()).isEqualTo(2);
        assertThat(events(checkout.id()))
                .containsExactly("checkout.reserved", "payment.started", "payment.charged", "order.confirmed");
    }

    @Test
    void aReleaseOrARefundPutsTheStockBackOnceWithItsEvent() {
        stock(3);
        CheckoutStore store = store();
        Checkout declined = reserve(store, "k1", 1);
        Checkout refunded = reserve(store, "k2", 2);
        store.startCharging(declined.id(), clock.instant());
        store.startCharging(refunded.id(), clock.instant());

        assertThat(store.release(declined.id(), "declined")).isTrue();
        assertThat(store.release(declined.id(), "declined")).isFalse();
        assertThat(store.refund(refunded.id(), "payment-unresolved"))
                .as("not cancelling")
                .isFalse();
        assertThat(store.startCancelling(refunded.id())).isTrue();
        assertThat(store.confirm(refunded.id(), "ch_late"))
                .as("never confirmed once cancelling")
                .isFalse();
        assertThat(store.refund(refunded.id(), "payment-unresolved")).isTrue();
        assertThat(store.refund(refunded.id(), "payment-unresolved")).isFalse();

        assertThat(stockLeft()).isEqualTo(3);
        assertThat(store.find(declined.id()).orElseThrow().reason()).isEqualTo("declined");
        assertThat(store.find(refunded.id()).orElseThrow().state()).isEqualTo(CheckoutState.REFUNDED);
        assertThat(events(declined.id()))
                .containsExactly("checkout.reserved", "payment.started", "reservation.released");
        assertThat(events(refunded.id()))
                .containsExactly("checkout.reserved", "payment.started", "payment.cancelling", "payment.refunded");
    }

    @Test
    void anExpiredReservationReturnsItsStockAndCanNoLongerBeCharged() {
        stock(4);
        CheckoutStore store = store();
        Checkout waiting = reserve(store, "k1", 1);
        Checkout charging = reserve(store, "k2", 1);
        store.startCharging(charging.id(), clock.instant());

        assertThat(mine(store.expire(clock.instant(), 100)))
                .as("nothing expired yet")
                .isEmpty();
        clock.advance(TTL);

        assertThat(store.startCharging(waiting.id(), clock.instant())).isFalse();
        assertThat(mine(store.expire(clock.instant(), 100)))
                .extracting(Checkout::id, Checkout::state, Checkout::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(waiting.id(), CheckoutState.RELEASED, "expired"));
        assertThat(store.find(charging.id()).orElseThrow().state())
                .as("a checkout that is charging never expires")
                .isEqualTo(CheckoutState.CHARGING);
        assertThat(stockLeft()).isEqualTo(3);
    }

    @Test
    void theUnfinishedCheckoutsOfADeadInstanceAreTakenOverAndThoseOfALiveOneAreNot() {
        stock(10);
        CheckoutStore dying = store();
        CheckoutStore living = store();
        CheckoutStore recovering = store();
        Checkout orphanReserved = reserve(dying, "k1", 1);
        Checkout orphanCharging = reserve(dying, "k2", 1);
        dying.startCharging(orphanCharging.id(), clock.instant());
        Checkout orphanDone = reserve(dying, "k3", 1);
        dying.startCharging(orphanDone.id(), clock.instant());
        dying.confirm(orphanDone.id(), "ch_3");
        Checkout busy = reserve(living, "k4", 1);
        Checkout mineDriven = reserve(recovering, "k5", 1);
        Checkout mineDropped = reserve(recovering, "k6", 1);

        instances.getFirst().close(); // what the database sees when the process is killed

        assertThat(mine(recovering.takeOverAbandoned(Set.of(mineDriven.id()), 100)))
                .extracting(Checkout::id)
                .containsExactlyInAnyOrder(orphanReserved.id(), orphanCharging.id(), mineDropped.id())
                .doesNotContain(busy.id(), orphanDone.id());
        assertThat(mine(recovering.takeOverAbandoned(Set.of(mineDriven.id()), 100)))
                .as("its own again, and it is still not driving them")
                .extracting(Checkout::id)
                .containsExactlyInAnyOrder(orphanReserved.id(), orphanCharging.id(), mineDropped.id());
        assertThat(mine(living.takeOverAbandoned(Set.of(busy.id()), 100)))
                .as("the recovering instance is alive")
                .isEmpty();
    }
}
