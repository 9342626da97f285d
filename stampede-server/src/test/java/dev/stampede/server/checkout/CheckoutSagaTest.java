package dev.stampede.server.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.checkout.Checkout;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.CheckoutSaga;
import dev.stampede.core.checkout.CheckoutSaga.Step;
import dev.stampede.core.checkout.CheckoutState;
import dev.stampede.core.checkout.CheckoutStore;
import dev.stampede.core.checkout.PaymentProvider;
import dev.stampede.core.checkout.PaymentProvider.Cancellation;
import dev.stampede.core.checkout.PaymentProvider.Decision;
import dev.stampede.core.checkout.Reservation;
import dev.stampede.core.checkout.Reservation.Reserved;
import dev.stampede.core.outbox.OutboxSignal;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.checkout.CheckoutBatches;
import dev.stampede.jdbc.checkout.JdbcCheckoutStores;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import dev.stampede.payments.HttpPaymentProvider;
import dev.stampede.payments.PaymentBehaviour;
import dev.stampede.payments.PaymentService;
import dev.stampede.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkout saga end to end on a real PostgreSQL and a real payment provider over HTTP. A "service instance" here is
 * what one process has: its liveness in the database and its saga; a crash is a {@link CheckoutSaga.StepHook} that
 * stops the saga between two steps, followed by closing that instance's liveness, which is what PostgreSQL sees when
 * the process is killed. After each run the audit reads the provider's ledger back.
 */
class CheckoutSagaTest {

    private static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());
    private static final CheckoutSaga.Settings SETTINGS =
            new CheckoutSaga.Settings(Duration.ofMinutes(5), Duration.ofMinutes(2), 100, Duration.ofSeconds(5));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final String sku = "sku-" + UUID.randomUUID();
    private final String buyer = "buyer-" + UUID.randomUUID();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<InstanceLiveness> instances = new ArrayList<>();
    private PaymentService provider;

    /** Stops the saga where it is, as a {@code kill -9} at that point would. */
    private static final class Crash extends Error {
        Crash(Step step) {
            super("crashed after " + step, null, false, false);
        }
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        instances.forEach(InstanceLiveness::close);
        provider.close();
    }

    private void startProvider(PaymentBehaviour behaviour) {
        provider = PaymentService.start(0, behaviour);
        JdbcSaleStores.skus(TRANSACTIONS, clock).create(sku, "Saga test", "conditional", 10);
    }

    /** One service instance; {@code hook} sees every step, {@code timeout} bounds each payment call. */
    private record Instance(InstanceLiveness liveness, CheckoutSaga saga) {}

    private Instance instance(CheckoutSaga.StepHook hook, Duration timeout) {
        return instance(hook, new HttpPaymentProvider(provider.url(), timeout), null, CheckoutBatches.DEFAULT);
    }

    /**
     * An instance whose store and payments are counted in {@code metrics} (none if null), its reservations
     * group-committed as {@code batches} say.
     */
    private Instance instance(
            CheckoutSaga.StepHook hook, PaymentProvider payments, CheckoutMetrics metrics, CheckoutBatches batches) {
        InstanceLiveness liveness = new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10));
        instances.add(liveness);
        CheckoutStore store =
                JdbcCheckoutStores.checkouts(TRANSACTIONS, TRANSACTIONS, clock, liveness, batches, new OutboxSignal());
        CheckoutSaga saga = new CheckoutSaga(
                metrics == null ? store : metrics.metered(store),
                metrics == null ? payments : metrics.metered(payments),
                clock,
                SETTINGS,
                executor,
                hook);
        return new Instance(liveness, saga);
    }

    private Instance instance() {
        return instance(CheckoutSaga.StepHook.NONE, Duration.ofSeconds(5));
    }

    private Checkout begin(CheckoutSaga saga, String key) {
        return ((Reserved) saga.begin(new CheckoutRequest(sku, buyer, 2, 3998, key))).checkout();
    }

    private Checkout settled(CheckoutSaga saga, UUID id) {
        await().dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(30))
                .until(() -> saga.find(id).orElseThrow().state().isFinal());
        return saga.find(id).orElseThrow();
    }

    /** Drives recovery on {@code saga} until the checkout is final (the recovery task, run by hand). */
    private Checkout recovered(CheckoutSaga saga, UUID id) {
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> {
            saga.recover();
            return saga.find(id).orElseThrow().state().isFinal();
        });
        return saga.find(id).orElseThrow();
    }

    /** The provider's whole ledger, read back over HTTP. */
    private JsonNode charges() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(provider.url() + "/charges"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("charges");
    }

    /** The provider's ledger entries under this checkout's key. */
    private List<JsonNode> ledger(Checkout checkout) throws Exception {
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode charge : charges()) {
            if (charge.path("key").asString().equals(checkout.paymentKey())) {
                mine.add(charge);
            }
        }
        return mine;
    }

    /** The provider's ledger holds exactly one entry for the checkout, in {@code status}: never a second charge. */
    private void assertOneEntry(Checkout done, String status) throws Exception {
        assertThat(ledger(done)).singleElement().satisfies(entry -> {
            assertThat(entry.path("status").asString()).isEqualTo(status);
            if (status.equals("charged")) {
                assertThat(entry.path("amount").asLong()).isEqualTo(done.amount());
                assertThat(entry.path("chargeId").asString()).isEqualTo(done.chargeId());
            }
        });
    }

    private int stockLeft() {
        return JdbcSaleStores.skus(TRANSACTIONS, clock).find(sku).orElseThrow().stock();
    }

    private static List<String> events(UUID checkout) {
        return TRANSACTIONS.required(connection -> Sql.on(connection)
                .query(
                        "SELECT type FROM outbox WHERE aggregate_id = ? ORDER BY id",
                        row -> row.getString(1),
                        checkout));
    }

    /**
     * The recovery task may run between a reservation's commit and the saga's taking it in hand (the checkout is this
     * instance's and not yet driven): it takes the checkout over, and the saga must then leave it to it. Driven by both,
     * one drive gave up at {@code startCharging} and, ending, marked the checkout undriven while the other's payment was
     * out, so the next recovery round charged it a second time under its key (stop 30's review).
     */
    @Test
    void aCheckoutTheRecoveryTakesOverBeforeTheSagaHasItIsDrivenOnceAndChargedOnce() throws Exception {
        startProvider(PaymentBehaviour.INSTANT.withLatency(Duration.ofMillis(800), Duration.ofMillis(800)));
        InstanceLiveness liveness = new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10));
        instances.add(liveness);
        CheckoutStore store = JdbcCheckoutStores.checkouts(
                TRANSACTIONS, TRANSACTIONS, clock, liveness, CheckoutBatches.DEFAULT, new OutboxSignal());
        AtomicReference<CheckoutSaga> saga = new AtomicReference<>();
        CheckoutStore recoveryFirst = (CheckoutStore) Proxy.newProxyInstance(
                CheckoutStore.class.getClassLoader(), new Class<?>[] {CheckoutStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("reserve")) {
                        @SuppressWarnings("unchecked")
                        Consumer<Checkout> told = (Consumer<Checkout>) args[2];
                        args[2] = (Consumer<Checkout>) checkout -> {
                            saga.get().recover(); // wins the gap: takes the checkout over and drives it
                            told.accept(checkout);
                        };
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AtomicInteger charges = new AtomicInteger();
        AtomicInteger lookUps = new AtomicInteger();
        PaymentProvider http = new HttpPaymentProvider(provider.url(), Duration.ofSeconds(5));
        PaymentProvider counted = new PaymentProvider() {
            @Override
            public Decision charge(String key, long amount) {
                charges.incrementAndGet();
                return http.charge(key, amount);
            }

            @Override
            public Optional<Decision> lookUp(String key) {
                lookUps.incrementAndGet();
                return http.lookUp(key);
            }

            @Override
            public Cancellation cancel(String key) {
                return http.cancel(key);
            }
        };
        saga.set(new CheckoutSaga(recoveryFirst, counted, clock, SETTINGS, executor, CheckoutSaga.StepHook.NONE));

        Checkout checkout = begin(saga.get(), "k1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> saga.get().find(checkout.id()).orElseThrow().state() == CheckoutState.CHARGING);
        saga.get().recover(); // a round during the payment: the checkout is driven, so it is left alone
        Checkout done = settled(saga.get(), checkout.id());

        assertThat(done.state()).isEqualTo(CheckoutState.CONFIRMED);
        assertThat(charges).as("charge calls").hasValue(1);
        assertThat(lookUps).as("look-ups").hasValue(0);
        assertOneEntry(done, "charged");
    }

    @Test
    void aCheckoutIsReservedChargedOnceAndConfirmed() throws Exception {
        startProvider(PaymentBehaviour.INSTANT);
        CheckoutSaga saga = instance().saga();

        Checkout checkout = begin(saga, "k1");
        assertThat(checkout.state()).isEqualTo(CheckoutState.RESERVED);
        Checkout done = settled(saga, checkout.id());

        assertThat(done.state()).isEqualTo(CheckoutState.CONFIRMED);
        assertOneEntry(done, "charged");
        assertThat(stockLeft()).isEqualTo(8);
        assertThat(events(done.id()))
                .containsExactly("checkout.reserved", "payment.started", "payment.charged", "order.confirmed");
    }

    @Test
    void aDeclinedCheckoutPutsItsStockBackAndNothingIsCharged() throws Exception {
        startProvider(PaymentBehaviour.INSTANT.withDeclineRate(1));
        CheckoutSaga saga = instance().saga();

        Checkout done = settled(saga, begin(saga, "k1").id());

        assertThat(done.state()).isEqualTo(CheckoutState.RELEASED);
        assertThat(done.reason()).isEqualTo("declined");
        assertOneEntry(done, "declined");
        assertThat(stockLeft()).isEqualTo(10);
    }

    @Test
    void aChargeWhoseAnswerWasLostIsLookedUpByKeyAndConfirmedWithoutASecondCharge() throws Exception {
        startProvider(PaymentBehaviour.INSTANT.withLostAnswerRate(1));
        CheckoutSaga saga = instance().saga();

        Checkout done = settled(saga, begin(saga, "k1").id());

        assertThat(done.state()).isEqualTo(CheckoutState.CONFIRMED);
        assertOneEntry(done, "charged");
    }

    @ParameterizedTest
    @EnumSource(
            value = Step.class,
            names = {"RESERVED", "CHARGING", "PAYMENT_ANSWERED"})
    void aCrashBetweenAnyTwoStepsIsFinishedByAnotherInstanceWithExactlyOneCharge(Step crashAfter) throws Exception {
        startProvider(PaymentBehaviour.INSTANT);
        Instance dying = instance(
                (step, id) -> {
                    if (step == crashAfter) {
                        throw new Crash(step);
                    }
                },
                Duration.ofSeconds(5));
        Instance survivor = instance();
        Checkout checkout = begin(dying.saga(), "k1");
        await().dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(30))
                .until(() -> dying.saga().find(checkout.id()).orElseThrow().state()
                        == (crashAfter == Step.RESERVED ? CheckoutState.RESERVED : CheckoutState.CHARGING));
        assertThat(survivor.saga().recover())
                .as("the dying instance is alive: nothing is taken over")
                .isZero();

        dying.liveness().close(); // the process is gone: PostgreSQL drops its session
        Checkout done = recovered(survivor.saga(), checkout.id());

        assertThat(done.state()).isEqualTo(CheckoutState.CONFIRMED);
        assertOneEntry(done, "charged");
        assertThat(stockLeft()).isEqualTo(8);
        assertThat(events(done.id()))
                .containsExactly("checkout.reserved", "payment.started", "payment.charged", "order.confirmed");
    }

    @Test
    void aCrashBetweenCollectingAReservationBatchAndItsCommitAcknowledgesNothingAndTheRetriesAreReservedOnce()
            throws Exception {
        startProvider(PaymentBehaviour.INSTANT);
        Instance dying = instance(
                CheckoutSaga.StepHook.NONE,
                new HttpPaymentProvider(provider.url(), Duration.ofSeconds(5)),
                null,
                CheckoutBatches.DEFAULT.withHook((skuId, keys) -> {
                    throw new Crash(Step.RESERVED);
                }));
        List<String> keys = List.of("k1", "k2", "k3");
        List<Reservation> answers = new ArrayList<>();
        try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Reservation>> pending = new ArrayList<>();
            for (String key : keys) {
                pending.add(buyers.submit(() -> dying.saga().begin(new CheckoutRequest(sku, buyer, 2, 3998, key))));
            }
            for (Future<Reservation> answer : pending) {
                answers.add(answer.get());
            }
        }
        assertThat(answers)
                .as("nothing acknowledged: each buyer is told to try again")
                .allSatisfy(answer -> assertThat(answer).isInstanceOf(Reservation.Busy.class));
        dying.liveness().close(); // the process is gone
        assertThat(stockLeft()).isEqualTo(10);
        assertThat(charges()).isEmpty();

        Instance survivor = instance();
        assertThat(survivor.saga().recover()).as("no checkout was left behind").isZero();
        for (String key : keys) {
            Checkout done = settled(survivor.saga(), begin(survivor.saga(), key).id());
            assertThat(done.state()).isEqualTo(CheckoutState.CONFIRMED);
            assertOneEntry(done, "charged");
            assertThat(events(done.id()))
                    .containsExactly("checkout.reserved", "payment.started", "payment.charged", "order.confirmed");
        }
        assertThat(stockLeft()).isEqualTo(10 - 2 * keys.size());
        assertThat(charges()).hasSize(keys.size());
    }

    @Test
    void aChargeUnresolvedPastTheDeadlineIsCancelledAndRefundedNeverConfirmed() throws Exception {
        // The provider decides after 2.5 s; each call gives up after 1 s: the charge and its retry both time out.
        startProvider(PaymentBehaviour.INSTANT.withStalls(1, Duration.ofMillis(2500)));
        CheckoutSaga saga = instance(
                        (step, id) -> {
                            if (step == Step.CHARGING) {
                                clock.advance(SETTINGS.paymentDeadline()); // the deadline passes during the call
                            }
                        },
                        Duration.ofSeconds(1))
                .saga();

        Checkout checkout = begin(saga, "k1");
        Checkout done = recovered(saga, checkout.id());

        assertThat(done.state()).isEqualTo(CheckoutState.REFUNDED);
        assertOneEntry(done, "refunded");
        assertThat(stockLeft()).isEqualTo(10);
        assertThat(events(done.id()))
                .containsExactly("checkout.reserved", "payment.started", "payment.cancelling", "payment.refunded");
    }

    @Test
    void aCrashAfterGivingUpAChargeStillEndsInARefundOrAVoidNeverAConfirmation() throws Exception {
        startProvider(PaymentBehaviour.INSTANT.withStalls(1, Duration.ofSeconds(2)));
        Instance dying = instance(
                (step, id) -> {
                    if (step == Step.CHARGING) {
                        clock.advance(SETTINGS.paymentDeadline());
                    }
                    if (step == Step.CANCELLING) {
                        throw new Crash(step);
                    }
                },
                Duration.ofMillis(300));
        Instance survivor = instance();
        Checkout checkout = begin(dying.saga(), "k1");
        await().dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(30))
                .until(() -> dying.saga().find(checkout.id()).orElseThrow().state() == CheckoutState.CANCELLING);

        dying.liveness().close();
        Checkout done = recovered(survivor.saga(), checkout.id());

        assertThat(done.state()).isEqualTo(CheckoutState.REFUNDED);
        assertOneEntry(done, "refunded");
        assertThat(stockLeft()).isEqualTo(10);
    }

    @Test
    void anExpiredReservationIsReleasedByRecoveryAndNeverCharged() throws Exception {
        startProvider(PaymentBehaviour.INSTANT);
        Instance dying = instance(
                (step, id) -> {
                    throw new Crash(step);
                },
                Duration.ofSeconds(5));
        Instance survivor = instance();
        Checkout checkout = begin(dying.saga(), "k1");
        clock.advance(SETTINGS.reservationTtl());

        Checkout done = recovered(survivor.saga(), checkout.id());

        assertThat(done.state()).isEqualTo(CheckoutState.RELEASED);
        assertThat(done.reason()).isEqualTo("expired");
        assertThat(ledger(done)).isEmpty();
        assertThat(stockLeft()).isEqualTo(10);
    }

    /**
     * A provider in front of the real one that holds every charge at a gate until the test opens it, and counts the
     * charges that reached it.
     */
    private final class GatedPayments implements PaymentProvider {
        final PaymentProvider provider =
                new HttpPaymentProvider(CheckoutSagaTest.this.provider.url(), Duration.ofSeconds(5));
        final AtomicInteger reached = new AtomicInteger();
        final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public Decision charge(String key, long amount) {
            reached.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return provider.charge(key, amount);
        }

        @Override
        public Optional<Decision> lookUp(String key) {
            return provider.lookUp(key);
        }

        @Override
        public Cancellation cancel(String key) {
            return provider.cancel(key);
        }
    }

    /** Transactions of this test's SKU waiting for a lock now (pg_stat_activity). */
    private long waitingForTheSkuLock() {
        return TRANSACTIONS.required(connection -> Sql.on(connection)
                .queryOne(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND query LIKE 'SELECT stock FROM skus WHERE id = %FOR NO KEY UPDATE'",
                        row -> row.getLong(1)));
    }

    private Reservation holdingLock(CheckoutSaga saga, String buyerId) {
        return saga.checkOutHoldingLock(new CheckoutRequest(sku, buyerId, 1, 1999, "k-" + buyerId));
    }

    @Test
    void lockAcrossPaymentMakesTheSecondBuyerOfASkuWaitForTheFirstBuyersWholePayment() throws Exception {
        startProvider(PaymentBehaviour.INSTANT);
        GatedPayments payments = new GatedPayments();
        CheckoutSaga saga = instance(CheckoutSaga.StepHook.NONE, payments, null, CheckoutBatches.DEFAULT)
                .saga();

        Future<Reservation> first = executor.submit(() -> holdingLock(saga, "first"));
        await().atMost(Duration.ofSeconds(30)).until(() -> payments.reached.get() == 1);
        Future<Reservation> second = executor.submit(() -> holdingLock(saga, "second"));
        await().atMost(Duration.ofSeconds(30)).until(() -> waitingForTheSkuLock() == 1);

        assertThat(payments.reached)
                .as("the second buyer waits for the row lock, not at the provider")
                .hasValue(1);
        assertThat(first).isNotDone();

        payments.gate.countDown();
        Checkout firstDone = ((Reserved) first.get(30, TimeUnit.SECONDS)).checkout();
        Checkout secondDone = ((Reserved) second.get(30, TimeUnit.SECONDS)).checkout();

        assertThat(payments.reached).hasValue(2);
        assertThat(List.of(firstDone.state(), secondDone.state())).containsOnly(CheckoutState.CONFIRMED);
        assertOneEntry(firstDone, "charged");
        assertOneEntry(secondDone, "charged");
        assertThat(stockLeft()).isEqualTo(8);
        assertThat(events(firstDone.id()))
                .containsExactly("checkout.reserved", "payment.started", "payment.charged", "order.confirmed");
    }

    @Test
    void lockAcrossPaymentChargesNobodyBeyondTheStock() throws Exception {
        startProvider(PaymentBehaviour.INSTANT.withDeclineRate(0.3));
        CheckoutSaga saga = instance().saga();
        List<Future<Reservation>> buyers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 30; i++) {
            String buyerId = "buyer-" + i;
            buyers.add(executor.submit(() -> {
                start.await();
                return holdingLock(saga, buyerId);
            }));
        }
        start.countDown();

        List<Checkout> checkouts = new ArrayList<>();
        int soldOut = 0;
        for (Future<Reservation> buyer : buyers) {
            switch (buyer.get(60, TimeUnit.SECONDS)) {
                case Reserved(Checkout checkout, boolean replayed) -> checkouts.add(checkout);
                case Reservation.SoldOut s -> soldOut++;
                case Reservation other -> throw new AssertionError("unexpected answer " + other);
            }
        }

        List<Checkout> confirmed = checkouts.stream()
                .filter(c -> c.state() == CheckoutState.CONFIRMED)
                .toList();
        assertThat(confirmed).hasSize(10);
        assertThat(stockLeft()).isZero();
        assertThat(checkouts.size() + soldOut).isEqualTo(30);
        for (Checkout checkout : checkouts) {
            assertOneEntry(checkout, checkout.state() == CheckoutState.CONFIRMED ? "charged" : "declined");
        }
        assertThat(charges().size())
                .as("a sold-out buyer never reached the provider")
                .isEqualTo(checkouts.size());
    }

    @Test
    void everyTransitionAndEveryPaymentCallIsCountedByStateReasonAndOutcome() throws Exception {
        startProvider(PaymentBehaviour.INSTANT);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CheckoutMetrics metrics = new CheckoutMetrics(meters);
        CheckoutSaga saga = instance(
                        CheckoutSaga.StepHook.NONE,
                        new HttpPaymentProvider(provider.url(), Duration.ofSeconds(5)),
                        metrics,
                        CheckoutBatches.DEFAULT)
                .saga();
        settled(saga, begin(saga, "k1").id());
        Instance dying = instance(
                (step, id) -> {
                    throw new Crash(step);
                },
                new HttpPaymentProvider(provider.url(), Duration.ofSeconds(5)),
                metrics,
                CheckoutBatches.DEFAULT);
        Checkout abandoned = begin(dying.saga(), "k2");
        clock.advance(SETTINGS.reservationTtl());
        recovered(saga, abandoned.id());

        assertThat(transitions(meters, "reserved", "none")).isEqualTo(2);
        assertThat(transitions(meters, "charging", "none")).isEqualTo(1);
        assertThat(transitions(meters, "confirmed", "none")).isEqualTo(1);
        assertThat(transitions(meters, "released", "expired")).isEqualTo(1);
        assertThat(transitions(meters, "released", "declined")).isZero();
        assertThat(meters.get("stampede.payment.calls")
                        .tags("call", "charge", "outcome", "charged")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("stampede.payment.calls")
                        .tags("call", "cancel", "outcome", "voided")
                        .timer()
                        .count())
                .as("registered before its first use")
                .isZero();
    }

    private static double transitions(SimpleMeterRegistry meters, String state, String reason) {
        return meters.get("stampede.checkout.transitions")
                .tags("state", state, "reason", reason)
                .counter()
                .count();
    }
}
