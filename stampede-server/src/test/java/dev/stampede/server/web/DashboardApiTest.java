package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** The live dashboard over real HTTP: its page, its vendored chart library and its stream of snapshots. */
class DashboardApiTest extends ApiTest {

    @Test
    void thePageIsServedWithoutTheAdminTokenAndLoadsItsChartLibraryFromTheServiceItself() {
        Reply page = get("/dashboard");
        Reply library = get("/dashboard/vendor/uplot/uPlot.iife.min.js");
        Reply licence = get("/dashboard/vendor/uplot/LICENSE");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.raw().body())
                .contains("<script src=\"/dashboard/vendor/uplot/uPlot.iife.min.js\"></script>")
                .contains("Lock wait", "Conflict rate")
                .doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertThat(library.status()).isEqualTo(200);
        assertThat(library.raw().body()).contains("uPlot");
        assertThat(licence.raw().body()).contains("MIT License");
    }

    @Test
    void theStreamSendsASnapshotEverySecondWithTheHotSkuItsSoldAndRemainingUnitsAndThePurchaseRates() {
        List<JsonNode> snapshots = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Stream<String>>> stream = HttpClient.newHttpClient()
                .sendAsync(request("/dashboard/stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        stream.thenAccept(response -> response.body()
                .filter(line -> line.startsWith("data:"))
                .forEach(line -> snapshots.add(MAPPER.readTree(line.substring("data:".length())))));
        try {
            String sku = newSku(3, "conditional");
            await().atMost(Duration.ofSeconds(30)).until(() -> !snapshots.isEmpty());
            purchase(sku, "dash-0", 1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> row(snapshots.getLast(), sku).path("sold").asInt() == 1);
            for (int i = 1; i < 4; i++) {
                purchase(sku, "dash-" + i, 1);
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode last = snapshots.getLast();
                JsonNode row = row(last, sku);
                assertThat(row.isMissingNode())
                        .as("the SKU's row is missing in %s", last)
                        .isFalse();
                assertThat(row.path("sold").asInt()).isEqualTo(3);
                assertThat(row.path("remaining").asInt()).isZero();
                assertThat(row.path("strategy").asString()).isEqualTo("conditional");
            });
            assertThat(stream.join().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(snapshots)
                    .anySatisfy(snapshot -> assertThat(snapshot.path("purchases")
                                    .path("conditional purchased")
                                    .asDouble())
                            .isPositive());
            assertThat(snapshots)
                    .anySatisfy(snapshot -> assertThat(
                                    row(snapshot, sku).path("salesPerSecond").asDouble())
                            .isPositive());
            JsonNode last = snapshots.getLast();
            assertThat(last.path("adaptiveSwitches").has("escalate")).isTrue();
            assertThat(last.path("admissionSheds").isNull()).isTrue();
            assertThat(last.path("lockWait").path("boundsMillis").size()).isEqualTo(12);
        } finally {
            stream.cancel(true);
        }
    }

    /** The SKU's row of the snapshot; a missing node if it has none. */
    private static JsonNode row(JsonNode snapshot, String sku) {
        for (JsonNode row : snapshot.path("skus")) {
            if (row.path("id").asString().equals(sku)) {
                return row;
            }
        }
        return MissingNode.getInstance();
    }
}
