package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.bench.service.LocalTargets;
import dev.stampede.bench.service.StampedeClient;
import dev.stampede.devservers.EmbeddedKafkaBroker;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.payments.PaymentBehaviour;
import dev.stampede.payments.PaymentService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14's fault proof with a real process: the service (a child JVM) is killed with SIGKILL while its checkouts'
 * charges are in flight at the provider, so that the provider charges them while nothing records it (between
 * "charged" and "confirmed"); the service is started again, its recovery task takes the dead instance's checkouts
 * over, and the audit finds one charge per confirmed order, nothing charged without an order or a refund, the stock
 * conserved, and every outbox event delivered to a consumer.
 */
class CheckoutKillTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int UNITS = 12;

    @TempDir
    Path kafkaLog;

    @Test
    void aServiceKilledBetweenChargedAndConfirmedConfirmsEachChargeOnceAfterItsRestartAndLosesNoEvent()
            throws Exception {
        try (PaymentService payments = PaymentService.start(
                        0, PaymentBehaviour.INSTANT.withLatency(Duration.ofSeconds(2), Duration.ofSeconds(3)));
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(kafkaLog, 0);
                LocalTargets targets = new LocalTargets(
                        1,
                        false,
                        List.of(
                                "stampede.checkout.payments-url=" + payments.url(),
                                "stampede.checkout.recovery-interval=200ms",
                                "stampede.kafka.enabled=true",
                                "stampede.kafka.bootstrap-servers=" + kafka.bootstrapServers()));
                AuditConsumer consumer =
                        new AuditConsumer(kafka.bootstrapServers(), "stampede.checkout-events", Clock.systemUTC())) {
            Transactions database = new Transactions(targets.database().orElseThrow());
            String sku = "kill-" + UUID.randomUUID();
            new StampedeClient(targets.baseUris().getFirst(), targets.adminToken())
                    .createSku(sku, UNITS, "conditional");
            try (HttpClient http = HttpClient.newHttpClient()) {
                for (int buyer = 0; buyer < UNITS; buyer++) {
                    HttpResponse<String> accepted = http.send(
                            HttpRequest.newBuilder(targets.baseUris().getFirst().resolve("/api/checkouts"))
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", "cart-" + buyer)
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"skuId\":\"%s\",\"buyerId\":\"b%d\",\"quantity\":1,\"payment\":{\"amount\":500}}"
                                                    .formatted(sku, buyer)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                }
            }
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> count(database, sku, "charging") > 0);

            Thread restart = Thread.ofVirtual().start(() -> targets.killAndRestart(0));
            // The provider decides the charges sent before the kill; the dead service records none of them.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chargedButStillCharging(database, sku, payments.url()) > 0);
            restart.join();

            CheckoutAuditor.Findings findings = new CheckoutAuditor(
                            targets.database().orElseThrow(), payments.url(), consumer, Duration.ofSeconds(120))
                    .audit(sku, UNITS);

            assertThat(findings.verdict().problems()).isEmpty();
            assertThat(count(database, sku, "confirmed")).isEqualTo(UNITS);
            assertThat(findings.counters().get("audit_charges"))
                    .as("one charge per confirmed order")
                    .isEqualTo(UNITS);
            assertThat(findings.counters().get("audit_events"))
                    .as("every transition's events, each delivered")
                    .isEqualTo(4L * UNITS);
        }
    }

    private static long count(Transactions database, String sku, String state) {
        return database.required(connection -> Sql.on(connection)
                .queryOne(
                        "SELECT count(*) FROM checkouts WHERE sku_id = ? AND state = ?",
                        row -> row.getLong(1),
                        sku,
                        state));
    }

    /** Checkouts the provider has charged while the database still says they are charging. */
    private static long chargedButStillCharging(Transactions database, String sku, URI payments) throws Exception {
        Set<String> charged = new HashSet<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            JsonNode ledger = JSON.readTree(http.send(
                            HttpRequest.newBuilder(payments.resolve("/charges")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            ledger.path("charges").forEach(entry -> {
                if (entry.path("status").asString().equals("charged")) {
                    charged.add(entry.path("key").asString());
                }
            });
        }
        return database
                .required(connection -> Sql.on(connection)
                        .query(
                                "SELECT id::text FROM checkouts WHERE sku_id = ? AND state = 'charging'",
                                row -> row.getString(1),
                                sku))
                .stream()
                .filter(charged::contains)
                .count();
    }
}
