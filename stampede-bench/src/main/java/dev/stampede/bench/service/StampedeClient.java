package dev.stampede.bench.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few admin and read calls the bench makes outside the load: put a SKU on sale, read its audit. */
public final class StampedeClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String adminToken;

    public StampedeClient(URI base, String adminToken) {
        this.base = base;
        this.adminToken = adminToken;
    }

    public void createSku(String id, int stock, String strategy) {
        String body = JSON.writeValueAsString(
                java.util.Map.of("id", id, "name", "bench " + strategy, "stock", stock, "strategy", strategy));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/skus"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("could not put SKU %s on sale at %s: %d %s"
                    .formatted(id, base, response.statusCode(), response.body()));
        }
    }

    /** The names of the strategies the service offers, {@code unsafe} included. */
    public java.util.List<String> strategies() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/strategies"))
                .timeout(Duration.ofSeconds(30))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("could not list the strategies at %s: %d %s"
                    .formatted(base, response.statusCode(), response.body()));
        }
        return JSON.readTree(response.body())
                .valueStream()
                .map(JsonNode::asString)
                .toList();
    }

    /** The service's audit of a SKU, as JSON. */
    public JsonNode audit(String skuId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/skus/" + skuId + "/audit"))
                .timeout(Duration.ofSeconds(30))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "audit of %s failed at %s: %d %s".formatted(skuId, base, response.statusCode(), response.body()));
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
