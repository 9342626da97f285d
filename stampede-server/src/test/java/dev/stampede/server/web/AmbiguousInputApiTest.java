package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Ambiguous input is refused, never guessed: a single-valued header sent twice, or a JSON member named twice, is 400
 * {@code validation} naming it, on every endpoint and every strategy, and nothing is bought, paid or written.
 */
class AmbiguousInputApiTest extends ShowsApiTest {

    private static final String KEY = "Idempotency-Key";

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "batched", "lease"})
    void aRepeatedIdempotencyKeyNeverBuysASecondOrder(String strategy) {
        String sku = newSku(10, strategy);
        String buyer = "buyer-" + UUID.randomUUID();
        assertThat(purchase(sku, buyer, 1, KEY, "order-77").status()).isEqualTo(201);
        JsonNode before = audit(sku);

        Reply doubled =
                purchase(sku, buyer, 1, KEY, "order-77", KEY, "order-77").isProblem(400, "validation");
        purchase(sku, buyer, 1, KEY, "order-77", KEY, "order-78").isProblem(400, "validation");
        purchase(sku, buyer + "-fresh", 1, KEY, "order-79", KEY, "order-79").isProblem(400, "validation");

        assertThat(doubled.json().path("field").asString()).isEqualTo(KEY);
        assertThat(audit(sku)).isEqualTo(before);
        assertThat(purchase(sku, buyer, 1, KEY, "order-77").header("Idempotent-Replayed"))
                .isEqualTo("true");
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "serializable", "reserve"})
    void aRepeatedIdempotencyKeyNeverPaysTwice(String strategy) {
        String prefix = "ambiguous-" + UUID.randomUUID() + "-";
        openAccount(prefix + "a", 100);
        openAccount(prefix + "b", 0);
        String body = "{\"from\":\"%sa\",\"to\":\"%sb\",\"amount\":10}".formatted(prefix, prefix);
        String path = "/api/transfers?strategy=" + strategy;
        assertThat(postJson(path, body, KEY, "rent").status()).isEqualTo(201);
        JsonNode before = money(prefix);

        Reply doubled = postJson(path, body, KEY, "rent", KEY, "rent").isProblem(400, "validation");

        assertThat(doubled.json().path("field").asString()).isEqualTo(KEY);
        assertThat(money(prefix)).isEqualTo(before);
        assertThat(get("/api/accounts/" + prefix + "b").json().path("balance").asLong())
                .isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "batched", "lease"})
    void aQuantityNamedTwiceBuysNothing(String strategy) {
        String sku = newSku(10, strategy);

        Reply reply = postJson("/api/skus/" + sku + "/purchases", "{\"buyerId\":\"b\",\"quantity\":1,\"quantity\":3}")
                .isProblem(400, "validation");

        assertThat(reply.json().path("field").asString()).isEqualTo("quantity");
        assertThat(audit(sku).path("orders").asInt()).isZero();
        assertThat(audit(sku).path("stock").asInt()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "serializable", "reserve"})
    void anAmountNamedTwiceMovesNothing(String strategy) {
        String prefix = "ambiguous-" + UUID.randomUUID() + "-";
        openAccount(prefix + "a", 100);
        openAccount(prefix + "b", 0);
        JsonNode before = money(prefix);

        Reply reply = postJson(
                        "/api/transfers?strategy=" + strategy,
                        "{\"from\":\"%sa\",\"to\":\"%sb\",\"amount\":1,\"amount\":90}".formatted(prefix, prefix))
                .isProblem(400, "validation");

        assertThat(reply.json().path("field").asString()).isEqualTo("amount");
        assertThat(money(prefix)).isEqualTo(before);
    }

    /** Every body the API reads, with one of its members named twice (the same value both times). */
    static Stream<Arguments> bodiesWithAMemberNamedTwice() {
        return Stream.of(
                Arguments.of(
                        "POST",
                        "/api/skus",
                        "{\"id\":\"x\",\"id\":\"x\",\"name\":\"n\",\"stock\":1,\"strategy\":\"conditional\"}",
                        "id"),
                Arguments.of(
                        "POST",
                        "/api/accounts",
                        "{\"id\":\"x\",\"openingBalance\":1,\"openingBalance\":1}",
                        "openingBalance"),
                Arguments.of(
                        "POST",
                        "/api/shows",
                        "{\"id\":\"x\",\"name\":\"n\",\"name\":\"n\",\"strategy\":\"conditional\",\"rows\":1,\"seatsPerRow\":1}",
                        "name"),
                Arguments.of(
                        "POST",
                        "/api/shows/%s/holds",
                        "{\"seatIds\":[\"A1\"],\"seatIds\":[\"A2\"],\"holderId\":\"h\"}",
                        "seatIds"),
                Arguments.of(
                        "POST",
                        "/api/holds/%s/extend",
                        "{\"holderId\":\"h\",\"holderId\":\"h\",\"ttlSeconds\":60}",
                        "holderId"),
                Arguments.of("POST", "/api/holds/%s/confirm", "{\"holderId\":\"h\",\"fence\":1,\"fence\":2}", "fence"),
                Arguments.of("PUT", "/api/kv/%s", "{\"value\":\"a\",\"value\":\"b\"}", "value"),
                Arguments.of("POST", "/api/transfers", "{\"from\":\"a\",\"to\":\"b\",\"to\":\"b\",\"amount\":1}", "to"),
                Arguments.of(
                        "POST",
                        "/api/skus/%s/purchases",
                        "{\"buyerId\":\"a\",\"buyerId\":\"b\",\"quantity\":1}",
                        "buyerId"));
    }

    @ParameterizedTest
    @MethodSource("bodiesWithAMemberNamedTwice")
    void aMemberNamedTwiceIsRefusedOnEveryBody(String method, String path, String body, String member) {
        String show = newShow("redis");
        Reply held = hold(show, "h", "A1");
        String key = "ambiguous:" + UUID.randomUUID();
        String target = path.formatted(
                path.startsWith("/api/shows/")
                        ? show
                        : path.startsWith("/api/holds/")
                                ? held.json().path("holdId").asString()
                                : key);
        JsonNode showBefore = showAudit(show);

        Reply reply = send(request(target)
                        .header("Content-Type", JSON)
                        .header("Authorization", ADMIN)
                        .header("If-None-Match", "*")
                        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .build())
                .isProblem(400, "validation");

        assertThat(reply.json().path("field").asString()).isEqualTo(member);
        assertThat(showAudit(show)).isEqualTo(showBefore);
        assertThat(get("/api/kv/" + key).status()).isEqualTo(404);
        assertThat(get("/api/skus/x").status()).isEqualTo(404);
    }

    @Test
    void aContentTypeSentTwiceIsRefusedEvenWhenTheFirstWouldDo() {
        String sku = newSku(10, "conditional");

        Reply reply = purchase(sku, "b", 1, "Content-Type", "text/plain").isProblem(400, "validation");

        assertThat(reply.json().path("field").asString()).isEqualTo("Content-Type");
        assertThat(audit(sku).path("orders").asInt()).isZero();
    }

    @Test
    void anAdminTokenSentTwiceIsRefused() {
        String id = "ambiguous-" + UUID.randomUUID();

        Reply reply = postJson(
                        "/api/skus",
                        "{\"id\":\"%s\",\"name\":\"n\",\"stock\":1,\"strategy\":\"conditional\"}".formatted(id),
                        "Authorization",
                        ADMIN,
                        "Authorization",
                        ADMIN)
                .isProblem(400, "validation");

        assertThat(reply.json().path("field").asString()).isEqualTo("Authorization");
        assertThat(get("/api/skus/" + id).status()).isEqualTo(404);
    }

    @Test
    void aWritePreconditionThatTakesOneValueIsRefusedWhenSentTwice() {
        String key = "ambiguous:" + UUID.randomUUID();

        Reply create = send(request("/api/kv/" + key)
                        .header("Content-Type", JSON)
                        .header("If-None-Match", "*")
                        .header("If-None-Match", "*")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"value\":\"v\"}"))
                        .build())
                .isProblem(400, "validation");
        Reply update = send(request("/api/kv/" + key)
                        .header("Content-Type", JSON)
                        .header("If-Match", "*")
                        .header("If-Match", "*")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"value\":\"v\"}"))
                        .build())
                .isProblem(400, "validation");

        assertThat(create.json().path("field").asString()).isEqualTo("If-None-Match");
        assertThat(update.json().path("field").asString()).isEqualTo("If-Match");
        assertThat(get("/api/kv/" + key).status()).isEqualTo(404);
    }

    private JsonNode money(String prefix) {
        return get("/api/transfers/audit?accountPrefix=" + prefix).json();
    }
}
