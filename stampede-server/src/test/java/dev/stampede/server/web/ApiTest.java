package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service on a random port over a real embedded PostgreSQL, driven over real HTTP. Every test class shares one
 * context (and one database); tests stay apart by using fresh SKU ids.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stampede.admin-token=" + ApiTest.ADMIN_TOKEN,
            "stampede.data-dir=target/test-pg/${random.uuid}",
            "stampede.max-quantity=100",
            "stampede.max-body-bytes=4096",
            "stampede.strategies.lock-timeout=2s"
        })
abstract class ApiTest {

    static final String ADMIN_TOKEN = "test-admin-token";
    static final String JSON = "application/json";
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    /** A response with its body parsed when it is JSON (else null). */
    record Reply(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        /** Asserts an RFC 9457 problem of this type and status, without internals leaking. */
        Reply isProblem(int expectedStatus, String slug) {
            assertThat(status).as(raw.body()).isEqualTo(expectedStatus);
            assertThat(contentType()).startsWith("application/problem+json");
            assertThat(json.path("type").asString()).isEqualTo(Problems.BASE + slug);
            assertThat(json.path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(json.path("title").asString()).isNotBlank();
            assertThat(raw.body()).doesNotContain("Exception", "\tat ", "dev.stampede", "tools.jackson");
            return this;
        }

        /**
         * Asserts a fault answered in our own words: the problem carries an {@code errorId}, and {@code cause} reaches
         * the log under that id, never the wire.
         */
        Reply loggedUnderItsErrorId(CapturedOutput log, String cause) {
            String errorId = json.path("errorId").asString();
            assertThat(errorId).isNotBlank();
            assertThat(raw.body()).doesNotContain(cause);
            String all = log.getAll();
            assertThat(all).contains(errorId);
            String logged = all.substring(all.indexOf(errorId));
            assertThat(logged.substring(0, Math.min(logged.length(), 10_000))).contains(cause);
            return this;
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    Reply send(HttpRequest request) {
        try {
            return reply(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<Reply> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(ApiTest::reply);
    }

    /** Sends a request written by hand, byte for byte (see {@link RawHttp}). */
    Reply sendRaw(RawHttp.Request request) {
        return reply(RawHttp.exchange(port, request));
    }

    private static Reply reply(HttpResponse<String> response) {
        boolean json = response.headers()
                .firstValue("Content-Type")
                .filter(type -> type.contains("json"))
                .isPresent();
        return new Reply(response.statusCode(), response, json ? MAPPER.readTree(response.body()) : null);
    }

    Reply get(String path) {
        return send(request(path).GET().build());
    }

    Reply postJson(String path, String json, String... headers) {
        HttpRequest.Builder builder = request(path).header("Content-Type", JSON);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply purchase(String sku, String buyer, int quantity, String... headers) {
        return postJson(
                "/api/skus/" + sku + "/purchases",
                "{\"buyerId\":\"%s\",\"quantity\":%d}".formatted(buyer, quantity),
                headers);
    }

    Reply createSku(String id, int stock, String strategy) {
        return createSku(
                id,
                "{\"id\":\"%s\",\"name\":\"Test item\",\"stock\":%d,\"strategy\":\"%s\"}"
                        .formatted(id, stock, strategy));
    }

    /** Puts a SKU on sale with a per-buyer limit (admin). */
    Reply createSku(String id, int stock, String strategy, int maxPerBuyer) {
        return createSku(
                id,
                "{\"id\":\"%s\",\"name\":\"Test item\",\"stock\":%d,\"strategy\":\"%s\",\"maxPerBuyer\":%d}"
                        .formatted(id, stock, strategy, maxPerBuyer));
    }

    private Reply createSku(String id, String body) {
        return postJson("/api/skus", body, "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** Opens an account (admin). */
    void openAccount(String id, long openingBalance) {
        Reply opened = postJson(
                "/api/accounts",
                "{\"id\":\"%s\",\"openingBalance\":%d}".formatted(id, openingBalance),
                "Authorization",
                "Bearer " + ADMIN_TOKEN);
        assertThat(opened.status()).as(opened.raw().body()).isEqualTo(201);
    }

    /** Puts a fresh SKU on sale and returns its id. */
    String newSku(int stock, String strategy) {
        String id = strategy + "-" + UUID.randomUUID();
        assertThat(createSku(id, stock, strategy).status()).isEqualTo(201);
        return id;
    }

    /** What an audit says now, to compare before and after a rejected request. */
    JsonNode audit(String sku) {
        Reply audit = get("/api/skus/" + sku + "/audit");
        assertThat(audit.status()).isEqualTo(200);
        return audit.json();
    }
}
