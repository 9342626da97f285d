package dev.stampede.bench.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin and read calls the bench makes outside the load: set-up (SKUs, accounts, shows) and audits. */
public final class StampedeClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String adminToken;

    public StampedeClient(URI base, String adminToken) {
        this.base = base;
        this.adminToken = adminToken;
    }

    public void createSku(String id, int stock, String strategy) {
        post("/api/skus", Map.of("id", id, "name", "bench " + strategy, "stock", stock, "strategy", strategy));
    }

    public void openAccount(String id, long openingBalance) {
        post("/api/accounts", Map.of("id", id, "openingBalance", openingBalance));
    }

    public void createShow(String id, String strategy, int rows, int seatsPerRow) {
        post(
                "/api/shows",
                Map.of(
                        "id",
                        id,
                        "name",
                        "bench " + strategy,
                        "strategy",
                        strategy,
                        "rows",
                        rows,
                        "seatsPerRow",
                        seatsPerRow));
    }

    /** The service's audit of a show's seats, as JSON. */
    public JsonNode showAudit(String showId) {
        return get("/api/shows/" + showId + "/audit");
    }

    /** The names of the strategies the service offers for {@code capability} (purchase, transfer, hold). */
    public List<String> strategies(String capability) {
        return get("/api/strategies")
                .path(capability)
                .valueStream()
                .map(JsonNode::asString)
                .toList();
    }

    /** The service's audit of a SKU, as JSON. */
    public JsonNode audit(String skuId) {
        return get("/api/skus/" + skuId + "/audit");
    }

    /** The service's money audit over the accounts whose id starts with {@code accountPrefix}, as JSON. */
    public JsonNode transferAudit(String accountPrefix) {
        return get("/api/transfers/audit?accountPrefix="
                + java.net.URLEncoder.encode(accountPrefix, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The service's metrics in Prometheus's text format. */
    public String prometheus() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/actuator/prometheus"))
                .timeout(TIMEOUT)
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET /actuator/prometheus at %s failed: %d".formatted(base, response.statusCode()));
        }
        return response.body();
    }

    private void post(String path, Object body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "POST %s at %s failed: %d %s".formatted(path, base, response.statusCode(), response.body()));
        }
    }

    private JsonNode get(String path) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET %s at %s failed: %d %s".formatted(path, base, response.statusCode(), response.body()));
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
