package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Grafana dashboard of docs/grafana against the service's own Prometheus endpoint. */
class GrafanaDashboardApiTest extends ApiTest {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "stampede-dashboard.json");

    /** Admission control's meter exists only while it is on (off in the tests' service, as by default). */
    private static final Set<String> OFF_BY_DEFAULT = Set.of("stampede_admission_sheds");

    /**
     * Written only with {@code stampede.kafka.enabled} (this test's service runs without a broker); {@code
     * CheckoutEventsApiTest} scrapes each of them from a service with the embedded broker.
     */
    private static final Set<String> WITH_KAFKA_ONLY =
            Set.of("stampede_outbox_published_events", "stampede_outbox_lag_seconds", "stampede_fulfilment_events");

    private static final Pattern SERIES = Pattern.compile("\\b(stampede_[a-z_]+?)(_bucket|_count|_sum|_total)?\\b");

    @Test
    void everySeriesTheGrafanaDashboardQueriesIsOneTheServiceWrites() throws Exception {
        // series made at their first use: a lease taken, a transfer
        purchase(newSku(1, "lease"), "grafana", 1);
        String from = "grafana-" + UUID.randomUUID();
        String to = "grafana-" + UUID.randomUUID();
        openAccount(from, 10);
        openAccount(to, 0);
        assertThat(postJson("/api/transfers", "{\"from\":\"%s\",\"to\":\"%s\",\"amount\":1}".formatted(from, to))
                        .status())
                .isEqualTo(201);
        JsonNode dashboard = MAPPER.readTree(Files.readString(DASHBOARD));
        String scrape = get("/actuator/prometheus").raw().body();

        Set<Integer> ids = new HashSet<>();
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("panel ids are unique")
                    .isTrue();
            for (JsonNode target : panel.path("targets")) {
                Matcher series = SERIES.matcher(target.path("expr").asString());
                while (series.find()) {
                    queried.add(series.group(1));
                }
            }
        }

        assertThat(queried)
                .hasSizeGreaterThan(15)
                .containsAll(OFF_BY_DEFAULT)
                .containsAll(WITH_KAFKA_ONLY)
                .contains("stampede_checkout_transitions", "stampede_payment_calls_seconds");
        assertThat(queried.stream()
                        .filter(name -> !OFF_BY_DEFAULT.contains(name) && !WITH_KAFKA_ONLY.contains(name))
                        .filter(name -> !Pattern.compile("(?m)^" + name + "(_[a-z]+)?\\{")
                                .matcher(scrape)
                                .find()))
                .as("series the dashboard queries that the service does not write")
                .isEmpty();
    }
}
