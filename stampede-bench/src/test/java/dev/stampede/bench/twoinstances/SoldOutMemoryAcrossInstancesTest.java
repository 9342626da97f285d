package dev.stampede.bench.twoinstances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.bench.service.LocalTargets;
import dev.stampede.bench.service.StampedeClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, item 7: two instances of the service, separate JVM processes on one database, both answer a sold-out SKU
 * from memory; units come back (a restock committed in the database, by neither instance); both sell again, neither
 * sells more than came back, and the audit holds. Without the news reaching every instance, each would answer sold out
 * from memory for ever.
 */
class SoldOutMemoryAcrossInstancesTest {

    private static LocalTargets targets;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger BUYERS = new AtomicInteger();

    @BeforeAll
    static void startTwoInstances() {
        targets = new LocalTargets(2, false, List.of());
    }

    @AfterAll
    static void stop() {
        targets.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"conditional", "batched", "lease"})
    void unitsThatComeBackAreSoldByEveryInstance(String strategy) throws Exception {
        URI a = targets.baseUris().get(0);
        URI b = targets.baseUris().get(1);
        StampedeClient admin = new StampedeClient(a, targets.adminToken());
        String sku = strategy + "-" + UUID.randomUUID();
        admin.createSku(sku, 1, strategy);
        assertThat(purchase(a, sku)).isEqualTo(201);
        for (URI instance : List.of(a, b, a, b)) {
            assertThat(purchase(instance, sku)).as("sold out, then from memory").isEqualTo(409);
        }

        targets.skus().orElseThrow().restock(sku, 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> purchase(b, sku) == 201);
        await().atMost(Duration.ofSeconds(30)).until(() -> purchase(a, sku) == 201);
        assertThat(purchase(a, sku)).isEqualTo(409);
        assertThat(purchase(b, sku)).isEqualTo(409);
        JsonNode audit = admin.audit(sku);
        assertThat(audit.path("passed").asBoolean()).as(audit.toString()).isTrue();
        assertThat(audit.path("orders").asInt()).isEqualTo(3);
        assertThat(audit.path("initialStock").asInt()).isEqualTo(3);
    }

    /**
     * Issue 13, item 7, for {@code tokens}: every token is held by a claim made on one instance, both instances answer
     * sold out from memory, the claim is released through the other; both hear of it and sell the units again.
     */
    @Test
    void tokensOfAClaimReleasedOnOneInstanceAreSoldByEveryInstance() throws Exception {
        URI a = targets.baseUris().get(0);
        URI b = targets.baseUris().get(1);
        String sku = "tokens-" + UUID.randomUUID();
        new StampedeClient(a, targets.adminToken()).createSku(sku, 2, "tokens");
        HttpResponse<String> claimed = HTTP.send(
                HttpRequest.newBuilder(a.resolve("/api/skus/" + sku + "/claims"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"buyerId\":\"holder\",\"quantity\":2}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(claimed.statusCode()).isEqualTo(201);
        for (URI instance : List.of(a, b, a, b)) {
            assertThat(purchase(instance, sku))
                    .as("every token claimed, then from memory")
                    .isEqualTo(409);
        }

        HttpResponse<Void> released = HTTP.send(
                HttpRequest.newBuilder(b.resolve(
                                claimed.headers().firstValue("Location").orElseThrow()))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(released.statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> purchase(a, sku) == 201);
        await().atMost(Duration.ofSeconds(30)).until(() -> purchase(b, sku) == 201);
        assertThat(purchase(a, sku)).isEqualTo(409);
        assertThat(purchase(b, sku)).isEqualTo(409);
    }

    private static int purchase(URI instance, String sku) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(instance.resolve("/api/skus/" + sku + "/purchases"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"buyerId\":\"buyer-%d\",\"quantity\":1}".formatted(BUYERS.incrementAndGet())))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
