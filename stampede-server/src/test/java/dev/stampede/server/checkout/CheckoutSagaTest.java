package dev.stampede.server.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.checkout.Checkout;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.CheckoutSaga;
import dev.stampede.core.checkout.CheckoutSaga.Step;
import dev.stampede.core.checkout.CheckoutState;
import dev.stampede.core.checkout.Reservation.Reserved;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.checkout.JdbcCheckoutStores;
import dev.stampede.jdbc.sale.JdbcSaleStores;
import dev.stampede.payments.HttpPaymentProvider;
import dev.stampede.payments.PaymentBehaviour;
import dev.stampede.payments.PaymentService;
import dev.stampede.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
            new CheckoutSaga.Settings(Duration.ofMinutes(5), Duration.ofMinutes(2), 100);
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
        InstanceLiveness liveness = new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10));
        instances.add(liveness);
        CheckoutSaga saga = new CheckoutSaga(
                JdbcCheckoutStores.checkouts(TRANSACTIONS, clock, liveness),
                new HttpPaymentProvider(provider.url(), timeout),
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

    /** The provider's ledger entries under this checkout's key, read back over HTTP. */
    private List<JsonNode> ledger(Checkout checkout) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(provider.url() + "/charges"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode charge : JSON.readTree(response.body()).path("charges")) {
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
}
