package dev.stampede.jdbc.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.checkout.Checkout;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.CheckoutState;
import dev.stampede.core.checkout.CheckoutStore;
import dev.stampede.core.checkout.Reservation;
import dev.stampede.core.checkout.Reservation.Reserved;
import dev.stampede.core.outbox.OutboxSignal;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checkouts on a real PostgreSQL: each transition conditional, the stock moved and the events written with it. */
class JdbcCheckoutStoreTest {

    private static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());
    private static final Duration TTL = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final String sku = "sku-" + UUID.randomUUID();
    private final String buyer = "buyer-" + UUID.randomUUID();
    private final List<InstanceLiveness> instances = new ArrayList<>();

    private CheckoutStore store() {
        return store(CheckoutBatches.BeforeCommit.NONE);
    }

    /** A store whose reservation batches tell {@code hook} before they commit. */
    private CheckoutStore store(CheckoutBatches.BeforeCommit hook) {
        InstanceLiveness instance = new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10));
        instances.add(instance);
        return JdbcCheckoutStores.checkouts(
                TRANSACTIONS,
                TRANSACTIONS,
                clock,
                instance,
                CheckoutBatches.DEFAULT.withHook(hook),
                new OutboxSignal());
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
        return ((Reserved) store.reserve(request(key, quantity), clock.instant().plus(TTL), checkout -> {})).checkout();
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

        assertThat(store.reserve(request("k1", 1), clock.instant().plus(TTL), checkout -> {}))
                .isEqualTo(new Reserved(first, true));
        assertThat(store.reserve(request("k1", 2), clock.instant().plus(TTL), checkout -> {}))
                .isEqualTo(new Reservation.KeyReused("k1"));
        assertThat(stockLeft()).isEqualTo(4);
        assertThat(events(first.id())).containsExactly("checkout.reserved");
    }

    @Test
    void aNewReservationIsGivenToItsListenerOnceOnTheCommittingThreadBeforeTheAnswerAndNothingElseIs() {
        stock(2);
        CheckoutStore store = store();
        List<Checkout> told = new CopyOnWriteArrayList<>();
        List<Thread> tellers = new CopyOnWriteArrayList<>();
        Consumer<Checkout> listener = checkout -> {
            told.add(checkout);
            tellers.add(Thread.currentThread());
        };

        Checkout first =
                ((Reserved) store.reserve(request("k1", 1), clock.instant().plus(TTL), listener)).checkout();

        assertThat(told).as("told before the answer").containsExactly(first);
        assertThat(tellers.getFirst()).as("on the writer's thread").isNotSameAs(Thread.currentThread());
        assertThat(store.reserve(request("k1", 1), clock.instant().plus(TTL), listener))
                .isEqualTo(new Reserved(first, true));
        assertThat(store.reserve(request("k2", 5), clock.instant().plus(TTL), listener))
                .isEqualTo(new Reservation.SoldOut(1));
        assertThat(told).as("a replay and a refusal are not told").containsExactly(first);
    }

    @Test
    void aListenerThatFailsLeavesTheReservationCommittedAndAnswered() {
        stock(2);
        CheckoutStore store = store();

        Reservation reservation =
                store.reserve(request("k1", 1), clock.instant().plus(TTL), checkout -> {
                    throw new IllegalStateException("the saga refused the checkout");
                });

        assertThat(reservation)
                .isInstanceOfSatisfying(
                        Reserved.class,
                        reserved -> assertThat(reserved.checkout().state()).isEqualTo(CheckoutState.RESERVED));
        assertThat(stockLeft()).isEqualTo(1);
    }

    @Test
    void moreThanIsLeftIsSoldOutAndAnUnknownSkuIsUnknownAndNeitherChangesAnything() {
        stock(1);
        CheckoutStore store = store();

        assertThat(store.reserve(request("k1", 2), clock.instant().plus(TTL), checkout -> {}))
                .isEqualTo(new Reservation.SoldOut(1));
        assertThat(store.reserve(
                        new CheckoutRequest("no-such-sku-" + UUID.randomUUID(), buyer, 1, 1, "k2"),
                        clock.instant().plus(TTL),
                        checkout -> {}))
                .isInstanceOf(Reservation.UnknownSku.class);
        assertThat(stockLeft()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"300, 100", "40, 100"})
    void nCheckoutsRacingForMUnitsReserveExactlyTheSmallerAndTheStockIsConserved(int buyers, int units)
            throws Exception {
        stock(units);
        CheckoutStore store = store();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reservation>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < buyers; i++) {
                CheckoutRequest request = new CheckoutRequest(sku, buyer + "-" + i, 1, 100, "k");
                answers.add(threads.submit(() -> {
                    start.await();
                    return store.reserve(request, clock.instant().plus(TTL), checkout -> {});
                }));
            }
            start.countDown();
        }
        List<Checkout> reserved = new ArrayList<>();
        for (Future<Reservation> answer : answers) {
            switch (answer.get()) {
                case Reserved(Checkout checkout, boolean replayed) -> {
                    assertThat(replayed).isFalse();
                    reserved.add(checkout);
                }
                case Reservation.SoldOut(int remaining) -> assertThat(remaining).isZero();
                case Reservation other -> throw new AssertionError("unexpected answer " + other);
            }
        }
        assertThat(reserved).hasSize(Math.min(buyers, units));
        List<Checkout> confirmed = reserved.subList(0, reserved.size() / 2);
        for (Checkout checkout : confirmed) {
            assertThat(store.startCharging(checkout.id(), clock.instant())).isTrue();
            assertThat(store.confirm(checkout.id(), "ch-" + checkout.id())).isTrue();
        }

        assertThat(stockLeft() + (reserved.size() - confirmed.size()) + confirmed.size())
                .as("stock + reserved + confirmed == initial")
                .isEqualTo(units);
        assertThat(stockLeft()).isEqualTo(units - Math.min(buyers, units));
        assertThat(reserved)
                .allSatisfy(
                        checkout -> assertThat(events(checkout.id())).first().isEqualTo("checkout.reserved"));
    }

    @Test
    void oneBatchServesItsCheckoutsInArrivalOrderAgainstTheStockAndReservesARepeatedKeyOnce() throws Exception {
        stock(4);
        CountDownLatch firstBatchHeld = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        CheckoutStore store = store((skuId, keys) -> {
            batches.add(keys);
            if (keys.equals(List.of("first"))) {
                firstBatchHeld.countDown();
                awaitLatch(releaseFirstBatch);
            }
        });
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Reservation> first = threads.submit(
                    () -> store.reserve(request("first", 1), clock.instant().plus(TTL), checkout -> {}));
            firstBatchHeld.await();
            // Queued behind the held batch, one after the other: they make the next batch, in this order.
            List<Future<Reservation>> next = queuedInOrder(
                    threads,
                    List.of(request("k1", 2), request("k1", 2), request("k2", 2), request("k3", 1)),
                    request -> store.reserve(request, clock.instant().plus(TTL), checkout -> {}));
            releaseFirstBatch.countDown();

            assertThat(first.get()).isInstanceOf(Reserved.class);
            Checkout k1 = ((Reserved) next.get(0).get()).checkout();
            assertThat(next.get(1).get()).as("the same key again").isEqualTo(new Reserved(k1, true));
            assertThat(next.get(2).get())
                    .as("2 wanted when 1 was left at its turn")
                    .isEqualTo(new Reservation.SoldOut(1));
            assertThat(next.get(3).get()).isInstanceOf(Reserved.class);
        }
        assertThat(batches).startsWith(List.of("first"), List.of("k1", "k3"));
        assertThat(stockLeft()).isZero();
    }

    @Test
    void aBatchThatFailsBeforeItsCommitReservesNothingAndAnswersEachOfItsCheckoutsBusy() throws Exception {
        stock(5);
        CheckoutStore crashing = store((skuId, keys) -> {
            throw new Crash();
        });

        List<Reservation> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Reservation>> futures = new ArrayList<>();
            for (String key : List.of("k1", "k2", "k3")) {
                futures.add(threads.submit(
                        () -> crashing.reserve(request(key, 1), clock.instant().plus(TTL), checkout -> {})));
            }
            for (Future<Reservation> future : futures) {
                answers.add(future.get());
            }
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer).isInstanceOf(Reservation.Busy.class));
        assertThat(stockLeft()).isEqualTo(5);
        assertThat(checkoutsOfSku()).isZero();
        CheckoutStore retried = store();
        for (String key : List.of("k1", "k2", "k3")) {
            assertThat(retried.reserve(request(key, 1), clock.instant().plus(TTL), checkout -> {}))
                    .as("asked again under the same key: reserved now, and once")
                    .isInstanceOfSatisfying(
                            Reserved.class,
                            reserved -> assertThat(reserved.replayed()).isFalse());
        }
        assertThat(stockLeft()).isEqualTo(2);
        assertThat(checkoutsOfSku()).isEqualTo(3);
    }

    /** A store whose transition batches tell {@code moving} before they commit. */
    private CheckoutStore storeMoving(BiConsumer<CheckoutState, List<UUID>> moving) {
        return store(new CheckoutBatches.BeforeCommit() {
            @Override
            public void reserved(String skuId, List<String> idempotencyKeys) {}

            @Override
            public void moving(CheckoutState to, List<UUID> ids) {
                moving.accept(to, ids);
            }
        });
    }

    @Test
    void manyCheckoutsChargedConfirmedAndReleasedAtOnceEachMoveOnceInFewTransactionsAndTheStockIsExact()
            throws Exception {
        int units = 200;
        stock(units);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        CheckoutStore store = storeMoving((to, ids) -> batchSizes.add(ids.size()));
        List<Checkout> reserved = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            reserved.add(reserve(store, "k" + i, 1));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Boolean>>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < units; i++) {
                Checkout checkout = reserved.get(i);
                boolean declined = i % 4 == 0;
                answers.add(threads.submit(() -> {
                    start.await();
                    boolean charging = store.startCharging(checkout.id(), clock.instant());
                    boolean again = store.startCharging(checkout.id(), clock.instant());
                    boolean ended = declined
                            ? store.release(checkout.id(), "declined")
                            : store.confirm(checkout.id(), "ch-" + checkout.id());
                    return List.of(charging, again, ended);
                }));
            }
            start.countDown();
        }
        for (Future<List<Boolean>> answer : answers) {
            assertThat(answer.get()).as("started, started again, ended").containsExactly(true, false, true);
        }

        int declined = units / 4;
        assertThat(stockLeft()).as("the declined units back on sale").isEqualTo(declined);
        for (int i = 0; i < units; i++) {
            Checkout checkout = store.find(reserved.get(i).id()).orElseThrow();
            if (i % 4 == 0) {
                assertThat(checkout.state()).isEqualTo(CheckoutState.RELEASED);
                assertThat(events(checkout.id()))
                        .containsExactly("checkout.reserved", "payment.started", "reservation.released");
            } else {
                assertThat(checkout.state()).isEqualTo(CheckoutState.CONFIRMED);
                assertThat(checkout.chargeId()).isEqualTo("ch-" + checkout.id());
                assertThat(events(checkout.id()))
                        .containsExactly("checkout.reserved", "payment.started", "payment.charged", "order.confirmed");
            }
        }
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).max().orElseThrow())
                .as("some transitions shared a transaction")
                .isGreaterThan(1);
    }

    @Test
    void oneTransitionBatchMovesARepeatedCheckoutOnceAndReturnsItsStockOnce() throws Exception {
        stock(3);
        CountDownLatch firstBatchHeld = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        List<List<UUID>> batches = new CopyOnWriteArrayList<>();
        CheckoutStore store = storeMoving((to, ids) -> {
            batches.add(ids);
            if (batches.size() == 1) {
                firstBatchHeld.countDown();
                awaitLatch(releaseFirstBatch);
            }
        });
        Checkout first = reserve(store, "first", 1);
        Checkout twice = reserve(store, "twice", 1);
        Checkout other = reserve(store, "other", 1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Boolean> held = threads.submit(() -> store.release(first.id(), "declined"));
            firstBatchHeld.await();
            // Queued behind the held batch, in this order: they make the next batch.
            List<Future<Boolean>> next = queuedInOrder(
                    threads, List.of(twice.id(), twice.id(), other.id()), id -> store.release(id, "declined"));
            releaseFirstBatch.countDown();

            assertThat(held.get()).isTrue();
            assertThat(next.get(0).get()).isTrue();
            assertThat(next.get(1).get())
                    .as("the same checkout again: already released")
                    .isFalse();
            assertThat(next.get(2).get()).isTrue();
        }
        assertThat(batches).startsWith(List.of(first.id()), List.of(twice.id(), other.id()));
        assertThat(stockLeft()).as("each unit back once").isEqualTo(3);
        assertThat(events(twice.id())).containsExactly("checkout.reserved", "reservation.released");
    }

    @Test
    void aTransitionBatchThatFailsBeforeItsCommitChangesNothingAndAnswersEachOfItsCheckoutsUnavailable()
            throws Exception {
        stock(5);
        CheckoutStore store = store();
        List<Checkout> reserved = new ArrayList<>();
        for (String key : List.of("k1", "k2", "k3")) {
            Checkout checkout = reserve(store, key, 1);
            store.startCharging(checkout.id(), clock.instant());
            reserved.add(checkout);
        }
        CheckoutStore crashing = storeMoving((to, ids) -> {
            throw new Crash();
        });

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (Checkout checkout : reserved) {
                futures.add(threads.submit(() -> crashing.release(checkout.id(), "declined")));
            }
            for (Future<Boolean> future : futures) {
                assertThatThrownBy(future::get).hasCauseInstanceOf(StoreUnavailableException.class);
            }
        }

        assertThat(stockLeft()).as("no unit returned").isEqualTo(2);
        for (Checkout checkout : reserved) {
            assertThat(store.find(checkout.id()).orElseThrow().state()).isEqualTo(CheckoutState.CHARGING);
            assertThat(events(checkout.id())).containsExactly("checkout.reserved", "payment.started");
            assertThat(store.release(checkout.id(), "declined"))
                    .as("retried: released now, and once")
                    .isTrue();
            assertThat(events(checkout.id()))
                    .containsExactly("checkout.reserved", "payment.started", "reservation.released");
        }
        assertThat(stockLeft()).isEqualTo(5);
    }

    /** What a process killed between collecting a batch and committing it does to that batch: stops it. */
    private static final class Crash extends Error {
        Crash() {
            super("crashed before the commit", null, false, false);
        }
    }

    /**
     * Calls {@code call} with each of {@code arguments} on a thread of its own, one after the other, each started once
     * the one before waits in its queue: they queue in this order.
     */
    private static <A, R> List<Future<R>> queuedInOrder(ExecutorService threads, List<A> arguments, Function<A, R> call)
            throws InterruptedException {
        List<Future<R>> futures = new ArrayList<>();
        for (A argument : arguments) {
            Thread[] caller = new Thread[1];
            CountDownLatch started = new CountDownLatch(1);
            futures.add(threads.submit(() -> {
                caller[0] = Thread.currentThread();
                started.countDown();
                return call.apply(argument);
            }));
            started.await();
            await().atMost(Duration.ofSeconds(10)).until(() -> caller[0].getState() == Thread.State.TIMED_WAITING);
        }
        return futures;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long checkoutsOfSku() {
        return TRANSACTIONS.required(connection -> Sql.on(connection)
                .queryOne("SELECT count(*) FROM checkouts WHERE sku_id = ?", row -> row.getLong(1), sku));
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
