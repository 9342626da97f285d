package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.payments.PaymentBehaviour;
import dev.stampede.payments.PaymentService;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as it starts by default, with its embedded Kafka broker, relay and fulfilment consumer: a checkout's
 * events reach the fulfilment consumer's effects, and the meters of both are on {@code /actuator/prometheus}; the relay
 * and the consumer have connections of their own, so events flow while requests hold every connection of theirs.
 */
class CheckoutEventsApiTest extends ApiTest {

    private static final PaymentService PROVIDER = PaymentService.start(0, PaymentBehaviour.INSTANT);

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws Exception {
        registry.add("stampede.checkout.payments-url", () -> PROVIDER.url().toString());
        registry.add("stampede.kafka.enabled", () -> "true");
        registry.add("stampede.kafka.log-dir", Files.createTempDirectory("stampede-service-kafka")::toString);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    /** Per event type, "events units" of the SKU in the fulfilment consumer's tallies. */
    private Map<String, String> tallies(String sku) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return tallies(sku, connection);
        }
    }

    private static Map<String, String> tallies(String sku, Connection connection) throws Exception {
        Map<String, String> tallies = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT event_type, events, units FROM fulfilment_tallies WHERE sku_id = ?")) {
            query.setString(1, sku);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tallies.put(rows.getString(1), rows.getLong(2) + " " + rows.getLong(3));
                }
            }
        }
        return tallies;
    }

    @Test
    void aConfirmedCheckoutsEventsReachTheFulfilmentConsumerOnceThroughTheEmbeddedBroker() throws Exception {
        String sku = "sku-" + UUID.randomUUID();
        createSku(sku, 5, "conditional");

        Reply accepted = postJson(
                "/api/checkouts",
                "{\"skuId\":\"%s\",\"buyerId\":\"carol\",\"quantity\":2,\"payment\":{\"amount\":500}}".formatted(sku),
                "Idempotency-Key",
                "cart-events");
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> tallies(sku).containsKey("order.confirmed"));
        assertThat(tallies(sku))
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(
                        "checkout.reserved", "1 2",
                        "order.confirmed", "1 2",
                        "payment.charged", "1 2",
                        "payment.started", "1 2")));

        String scrape = get("/actuator/prometheus").raw().body();
        assertThat(scrape)
                .containsPattern("stampede_outbox_published_events_total\\{application=\"stampede\"} [1-9]")
                .contains("stampede_outbox_lag_seconds{application=\"stampede\"}")
                .containsPattern(
                        "stampede_fulfilment_events_total\\{application=\"stampede\",outcome=\"applied\"} [1-9]")
                .contains("stampede_fulfilment_events_total{application=\"stampede\",outcome=\"duplicate\"}");
    }

    @Test
    void eventsAreRelayedAndConsumedWhileEveryConnectionOfTheRequestPoolIsHeld() throws Exception {
        String sku = "sku-" + UUID.randomUUID();
        HikariDataSource requests = (HikariDataSource) dataSource;
        try (Connection own = DriverManager.getConnection(
                        requests.getJdbcUrl(), requests.getUsername(), requests.getPassword());
                HeldPool ignored = new HeldPool(requests)) {
            try (PreparedStatement insert =
                    own.prepareStatement("INSERT INTO outbox (event_id, aggregate_id, type, payload, created_at)"
                            + " VALUES (gen_random_uuid(), gen_random_uuid(), 'order.confirmed', ?, now())")) {
                insert.setString(1, "{\"skuId\":\"%s\",\"quantity\":3}".formatted(sku));
                insert.executeUpdate();
            }

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(tallies(sku, own)).containsEntry("order.confirmed", "1 3"));
        }
    }
}
