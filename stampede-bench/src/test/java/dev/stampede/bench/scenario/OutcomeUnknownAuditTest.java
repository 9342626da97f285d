package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.bench.load.OutcomeCounts;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.service.LocalTargets;
import dev.stampede.bench.service.StampedeClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13: the sale audit's rule {@code successes ≤ orders ≤ successes + outcome-unknown + no answer}, checked after
 * the service
 * has settled its pending orders, against a real service ({@code redis} strategy, in this JVM) and its embedded
 * PostgreSQL. A test transaction holds the {@code orders} table (writes wait, reads go on), so every purchase is taken in
 * Redis and answered 503 {@code outcome-unknown} when its group commit does not land within the strategy's wait; the
 * orders are written only after the lock goes, by the commit that waited and the reconciler's re-drive.
 */
class OutcomeUnknownAuditTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static LocalTargets targets;
    private static StampedeClient admin;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheService() {
        targets = new LocalTargets(
                1,
                true,
                List.of(
                        "stampede.strategies.lock-timeout=300ms",
                        "stampede.redis.stock.redrive-after=200ms",
                        "stampede.redis.stock.reconcile-interval=100ms"));
        admin = new StampedeClient(targets.baseUris().getFirst(), targets.adminToken());
    }

    @AfterAll
    static void stop() {
        targets.close();
    }

    @Test
    void ordersWrittenAfterTheirBuyersWereAnsweredOutcomeUnknownPassTheAuditOnceTheServiceHasSettledThem()
            throws Exception {
        admin.createSku("unknown-sale", 8, "redis");
        List<HttpResponse<String>> answers;
        try (Connection holder = targets.database().orElseThrow().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE orders IN EXCLUSIVE MODE");
            }
            List<CompletableFuture<HttpResponse<String>>> purchases = IntStream.range(0, 8)
                    .mapToObj(buyer -> buy("unknown-sale", "buyer-" + buyer))
                    .toList();
            answers = purchases.stream().map(CompletableFuture::join).toList();
            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(answer.body()).path("type").asString()).endsWith("/outcome-unknown");
            });
            assertThat(admin.audit("unknown-sale").path("pendingOrders").asLong())
                    .isEqualTo(8);
            assertThat(admin.audit("unknown-sale").path("orders").asLong()).isZero();

            AuditVerdict unsettled = auditor(Duration.ofMillis(500)).audit(List.of("unknown-sale"), unknown(8));

            assertThat(unsettled.passed()).isFalse();
            assertThat(unsettled.problems())
                    .contains("8 orders still pending after 500 ms: the service did not settle them");
            holder.rollback();
        }

        AuditVerdict settled = auditor(SaleAuditor.SETTLE_WITHIN).audit(List.of("unknown-sale"), unknown(8));

        assertThat(settled.problems()).isEmpty();
        assertThat(settled.passed()).isTrue();
        assertThat(settled.orders()).isEqualTo(8);
        assertThat(admin.audit("unknown-sale").path("pendingOrders").asLong()).isZero();
    }

    @Test
    void theAuditFailsWhenTheStoreHoldsFewerOrdersThanSuccessesOrMoreThanSuccessesAndUnknownOutcomes() {
        admin.createSku("known-sale", 5, "redis");
        List<HttpResponse<String>> answers =
                IntStream.range(0, 5).mapToObj(buyer -> buy("known-sale", "buyer-" + buyer)).toList().stream()
                        .map(CompletableFuture::join)
                        .toList();
        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(201));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.audit("known-sale").path("pendingOrders").asLong() == 0);
        SaleAuditor auditor = auditor(SaleAuditor.SETTLE_WITHIN);

        AuditVerdict lost = auditor.audit(List.of("known-sale"), new OutcomeCounts(6, 0, 0, 0, 0, 0));
        AuditVerdict unanswered = auditor.audit(List.of("known-sale"), new OutcomeCounts(2, 0, 0, 1, 0, 1));
        AuditVerdict exact = auditor.audit(List.of("known-sale"), new OutcomeCounts(5, 0, 0, 0, 0, 0));
        AuditVerdict withinUnknown = auditor.audit(List.of("known-sale"), new OutcomeCounts(3, 0, 0, 1, 0, 1));

        assertThat(lost.passed()).isFalse();
        assertThat(lost.problems())
                .containsExactly("5 orders in the store but the bench saw 6 successes: 1 acknowledged orders are lost");
        assertThat(unanswered.passed()).isFalse();
        assertThat(unanswered.problems())
                .containsExactly("5 orders in the store but the bench saw 2 successes, 1 outcome-unknown answers and 1"
                        + " requests with no answer: 1 orders no buyer was answered for");
        assertThat(exact.passed()).as(exact.problems().toString()).isTrue();
        assertThat(withinUnknown.passed())
                .as(withinUnknown.problems().toString())
                .isTrue();
    }

    private static SaleAuditor auditor(Duration settleWithin) {
        return new SaleAuditor(admin, targets.skus(), Clock.systemUTC(), settleWithin);
    }

    private static OutcomeCounts unknown(long answers) {
        return new OutcomeCounts(0, 0, 0, answers, 0, 0);
    }

    private CompletableFuture<HttpResponse<String>> buy(String sku, String buyer) {
        URI uri = targets.baseUris().getFirst().resolve("/api/skus/" + sku + "/purchases");
        return http.sendAsync(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"buyerId\":\"" + buyer + "\",\"quantity\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
