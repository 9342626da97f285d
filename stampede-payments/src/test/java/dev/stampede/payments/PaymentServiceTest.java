package dev.stampede.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.checkout.PaymentProvider.Cancellation;
import dev.stampede.core.checkout.PaymentProvider.Cancelled;
import dev.stampede.core.checkout.PaymentProvider.Charged;
import dev.stampede.core.checkout.PaymentProvider.Decision;
import dev.stampede.core.checkout.PaymentProvider.Declined;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PaymentServiceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private PaymentService service;

    private HttpPaymentProvider provider(PaymentBehaviour behaviour, Duration timeout) {
        service = PaymentService.start(0, behaviour);
        return new HttpPaymentProvider(service.url(), timeout);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void aKeySentManyTimesAtOnceIsChargedOnce() throws Exception {
        HttpPaymentProvider provider =
                provider(PaymentBehaviour.INSTANT.withLatency(Duration.ofMillis(200), Duration.ofMillis(200)), TIMEOUT);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Decision>> answers = java.util.stream.IntStream.range(0, 16)
                    .mapToObj(i -> threads.submit(() -> {
                        start.await();
                        return provider.charge("k-1", 1999);
                    }))
                    .toList();
            start.countDown();
            Decision first = answers.getFirst().get();
            assertThat(first).isInstanceOf(Charged.class);
            for (Future<Decision> answer : answers) {
                assertThat(answer.get()).isEqualTo(first);
            }
        }
        assertThat(service.ledgerEntries())
                .singleElement()
                .satisfies(entry -> assertThat(entry.amount()).isEqualTo(1999));
    }

    @Test
    void aDeclinedKeyStaysDeclinedAndNothingIsCharged() {
        HttpPaymentProvider provider = provider(PaymentBehaviour.INSTANT.withDeclineRate(1), TIMEOUT);

        assertThat(provider.charge("k-2", 500)).isEqualTo(new Declined("card_declined"));
        assertThat(provider.charge("k-2", 500)).isEqualTo(new Declined("card_declined"));
        assertThat(provider.lookUp("k-2")).contains(new Declined("card_declined"));
        assertThat(provider.cancel("k-2")).isEqualTo(Cancellation.VOIDED);
    }

    @Test
    void aChargeWhoseAnswerIsLostWasMadeAndIsFoundByItsKey() {
        HttpPaymentProvider provider = provider(PaymentBehaviour.INSTANT.withLostAnswerRate(1), TIMEOUT);

        assertThatThrownBy(() -> provider.charge("k-3", 700)).isInstanceOf(OutcomeUnknownException.class);

        assertThat(provider.lookUp("k-3")).get().isInstanceOf(Charged.class);
        assertThat(service.ledgerEntries()).hasSize(1);
    }

    @Test
    void aStalledChargeOutlastsTheCallersTimeoutAndIsDecidedLater() {
        HttpPaymentProvider provider =
                provider(PaymentBehaviour.INSTANT.withStalls(1, Duration.ofSeconds(2)), Duration.ofMillis(300));

        assertThatThrownBy(() -> provider.charge("k-4", 900)).isInstanceOf(OutcomeUnknownException.class);
        assertThat(provider.lookUp("k-4")).isEmpty();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> provider.lookUp("k-4").isPresent());
        assertThat(provider.lookUp("k-4")).get().isInstanceOf(Charged.class);
    }

    @Test
    void cancellingRefundsAChargeAndVoidsAKeyThatHasNone() {
        HttpPaymentProvider provider = provider(PaymentBehaviour.INSTANT, TIMEOUT);
        provider.charge("charged", 100);

        assertThat(provider.cancel("charged")).isEqualTo(Cancellation.REFUNDED);
        assertThat(provider.cancel("charged")).isEqualTo(Cancellation.REFUNDED);
        assertThat(provider.cancel("never-charged")).isEqualTo(Cancellation.VOIDED);

        assertThat(provider.charge("never-charged", 100)).isEqualTo(new Cancelled(Cancellation.VOIDED));
        assertThat(provider.lookUp("charged")).contains(new Cancelled(Cancellation.REFUNDED));
        assertThat(service.ledgerEntries())
                .extracting(PaymentLedger.Entry::status)
                .containsExactlyInAnyOrder(PaymentLedger.Status.REFUNDED, PaymentLedger.Status.VOIDED);
    }

    @Test
    void aKeySentAgainWithAnotherAmountIsRefusedAsTheCallersBug() {
        HttpPaymentProvider provider = provider(PaymentBehaviour.INSTANT, TIMEOUT);
        provider.charge("k-5", 100);

        assertThatThrownBy(() -> provider.charge("k-5", 101)).isInstanceOf(IllegalStateException.class);
        assertThat(service.ledgerEntries())
                .singleElement()
                .satisfies(entry -> assertThat(entry.amount()).isEqualTo(100));
    }

    @Test
    void aMalformedChargeIsABadRequest() throws Exception {
        provider(PaymentBehaviour.INSTANT, TIMEOUT);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(service.url().resolve("/charges"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"\", \"amount\": 0}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(service.ledgerEntries()).isEmpty();
    }

    @Test
    void aProviderThatIsDownIsUnavailableNotAnUnknownOutcome() {
        HttpPaymentProvider provider = provider(PaymentBehaviour.INSTANT, TIMEOUT);
        service.close();

        assertThatThrownBy(() -> provider.charge("k-6", 100))
                .isInstanceOf(StoreUnavailableException.class)
                .isNotInstanceOf(OutcomeUnknownException.class);
    }

    /**
     * A thousand charges in flight open their connections at once: the listen backlog must hold them all, or the
     * kernel drops their SYNs and each retried connect costs 1 s, 3 s, 7 s (issue 14). Read from {@code ss}: for a
     * listening socket its Send-Q column is the backlog.
     */
    @Test
    void theProviderListensWithRoomForAThousandConnectionsOpenedAtOnce() throws Exception {
        service = PaymentService.start(0, PaymentBehaviour.DEFAULT);
        Process ss = new ProcessBuilder(
                        "ss", "-Hltn", "sport = :" + service.url().getPort())
                .redirectErrorStream(true)
                .start();
        String listening = new String(ss.getInputStream().readAllBytes()).strip();
        assertThat(ss.waitFor()).as(listening).isZero();

        String[] columns = listening.split("\\s+");
        assertThat(columns[0]).isEqualTo("LISTEN");
        assertThat(Integer.parseInt(columns[2])).as("backlog").isGreaterThanOrEqualTo(1_000);
    }
}
