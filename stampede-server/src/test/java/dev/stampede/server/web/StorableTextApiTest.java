package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * One text rule at the edge, for every text field, id, path segment and query parameter: text that some store we write
 * to would refuse or change (NUL, other control characters, unpaired surrogates) is 400 {@code validation} naming the
 * field, before any store sees it; text every store keeps (tabs, new lines, any character outside the BMP) is kept.
 */
class StorableTextApiTest extends ShowsApiTest {

    /** What each text field receives: JSON escapes as sent on the wire. */
    static final List<String> UNSTORABLE =
            List.of("a\\u0000b", "a\\u0001b", "a\\u001b[2Jb", "a\\u007fb", "a\\u009bb", "a\\ud800b", "a\\udfffb");

    /** Every text member of every body, with the body it sits in ({@code %s} marks it, {@code {id}} the path id). */
    static Stream<Arguments> textMembers() {
        return Stream.of(
                member(
                        "POST",
                        "/api/skus",
                        "{\"id\":\"%s\",\"name\":\"n\",\"stock\":1,\"strategy\":\"conditional\"}",
                        "id"),
                member(
                        "POST",
                        "/api/skus",
                        "{\"id\":\"t-{run}\",\"name\":\"%s\",\"stock\":1,\"strategy\":\"conditional\"}",
                        "name"),
                member(
                        "POST",
                        "/api/skus",
                        "{\"id\":\"t-{run}\",\"name\":\"n\",\"stock\":1,\"strategy\":\"%s\"}",
                        "strategy"),
                member("POST", "/api/accounts", "{\"id\":\"%s\",\"openingBalance\":1}", "id"),
                member("POST", "/api/transfers", "{\"from\":\"%s\",\"to\":\"{run}-b\",\"amount\":1}", "from"),
                member("POST", "/api/transfers", "{\"from\":\"{run}-a\",\"to\":\"%s\",\"amount\":1}", "to"),
                member("PUT", "/api/kv/kv-{run}", "{\"value\":\"%s\"}", "value"),
                member(
                        "POST",
                        "/api/shows",
                        "{\"id\":\"%s\",\"name\":\"n\",\"strategy\":\"conditional\",\"rows\":1,\"seatsPerRow\":1}",
                        "id"),
                member(
                        "POST",
                        "/api/shows",
                        "{\"id\":\"s-{run}\",\"name\":\"%s\",\"strategy\":\"conditional\",\"rows\":1,\"seatsPerRow\":1}",
                        "name"),
                member(
                        "POST",
                        "/api/shows",
                        "{\"id\":\"s-{run}\",\"name\":\"n\",\"strategy\":\"%s\",\"rows\":1,\"seatsPerRow\":1}",
                        "strategy"),
                member(
                        "POST",
                        "/api/shows",
                        "{\"id\":\"s-{run}\",\"name\":\"n\",\"strategy\":\"conditional\",\"rows\":1,\"seatsPerRow\":1,\"sections\":[\"a\",\"%s\"]}",
                        "sections"),
                member(
                        "POST",
                        "/api/shows/{show}/holds",
                        "{\"seatIds\":[\"A2\",\"%s\"],\"holderId\":\"h\"}",
                        "seatIds"),
                member("POST", "/api/shows/{show}/holds", "{\"seatIds\":[\"A2\"],\"holderId\":\"%s\"}", "holderId"),
                member("POST", "/api/holds/{hold}/extend", "{\"holderId\":\"%s\",\"ttlSeconds\":60}", "holderId"),
                member("POST", "/api/holds/{hold}/confirm", "{\"holderId\":\"%s\",\"fence\":1}", "holderId"),
                member("POST", "/api/skus/{sku}/purchases", "{\"buyerId\":\"%s\",\"quantity\":1}", "buyerId"));
    }

    private static Arguments member(String method, String path, String body, String field) {
        return Arguments.of(method + " " + path + " " + field, method, path, body, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textMembers")
    void unstorableTextInAnyMemberIsRefusedNamingItAndReachesNoStore(
            String name, String method, String path, String body, String field) {
        String run = UUID.randomUUID().toString();
        String sku = newSku(5, "conditional");
        String show = newShow("redis");
        Reply held = hold(show, "h", "A1");
        String target = path.replace("{run}", run)
                .replace("{sku}", sku)
                .replace("{show}", show)
                .replace("{hold}", held.json().path("holdId").asString());
        JsonNode sale = audit(sku);
        JsonNode seats = showAudit(show);

        for (String text : UNSTORABLE) {
            Reply reply = send(request(target)
                            .header("Content-Type", JSON)
                            .header("Authorization", ADMIN)
                            .header("If-None-Match", "*")
                            .method(
                                    method,
                                    HttpRequest.BodyPublishers.ofString(
                                            body.replace("{run}", run).formatted(text)))
                            .build())
                    .isProblem(400, "validation");

            assertThat(reply.json().path("field").asString()).as(text).startsWith(field);
        }
        assertThat(audit(sku)).isEqualTo(sale);
        assertThat(showAudit(show)).isEqualTo(seats);
        assertThat(get("/api/kv/kv-" + run).status()).isEqualTo(404);
        assertThat(get("/api/skus/t-" + run).status()).isEqualTo(404);
        assertThat(get("/api/shows/s-" + run).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "batched", "lease"})
    void aBuyerIdWithNulIsRefusedByEveryPurchaseStrategyAndSellsNothing(String strategy) {
        String sku = newSku(5, strategy);

        Reply reply = postJson("/api/skus/" + sku + "/purchases", "{\"buyerId\":\"a\\u0000b\",\"quantity\":1}")
                .isProblem(400, "validation");

        assertThat(reply.json().path("field").asString()).isEqualTo("buyerId");
        assertThat(audit(sku).path("orders").asInt()).isZero();
        assertThat(purchase(sku, "after", 1).status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conditional", "pessimistic", "redis"})
    void aHolderIdWithNulIsRefusedByEveryHoldStrategySoNoConfirmationCanFailOnIt(String strategy) {
        String show = newShow(strategy);

        Reply reply = postJson("/api/shows/" + show + "/holds", "{\"seatIds\":[\"A1\"],\"holderId\":\"a\\u0000b\"}")
                .isProblem(400, "validation");

        assertThat(reply.json().path("field").asString()).isEqualTo("holderId");
        assertThat(seats(show, "held")).isEmpty();
        Reply held = hold(show, "honest", "A1");
        Reply booked = confirm(
                held.json().path("holdId").asString(),
                "honest",
                held.json().path("fence").asLong());
        assertThat(booked.status()).as(booked.raw().body()).isEqualTo(201);
    }

    /** Path segments and query parameters, decoded, under the same rule ({@code %00} the container refuses itself). */
    static Stream<Arguments> pathsAndQueries() {
        return Stream.of(
                Arguments.of("GET", "/api/skus/a%01b", "id"),
                Arguments.of("GET", "/api/skus/a%01b/audit", "id"),
                Arguments.of("POST", "/api/skus/a%C2%9Bb/purchases", "id"),
                Arguments.of("GET", "/api/accounts/a%7Fb", "id"),
                Arguments.of("GET", "/api/shows/a%01b", "id"),
                Arguments.of("GET", "/api/shows/a%01b/seats", "id"),
                Arguments.of("POST", "/api/shows/a%01b/holds", "id"),
                Arguments.of("DELETE", "/api/holds/redis_a%01b?holderId=h", "holdId"),
                Arguments.of("POST", "/api/holds/redis_a%01b/extend", "holdId"),
                Arguments.of("POST", "/api/holds/redis_a%01b/confirm", "holdId"),
                Arguments.of("DELETE", "/api/holds/redis_x?holderId=a%00b", "holderId"),
                Arguments.of("GET", "/api/shows/x/seats?status=a%00b", "status"),
                Arguments.of("POST", "/api/transfers?strategy=a%00b", "strategy"),
                Arguments.of("GET", "/api/transfers/audit?accountPrefix=a%1Bb", "accountPrefix"),
                Arguments.of("GET", "/api/kv/a%01b", "key"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pathsAndQueries")
    void unstorableTextInAPathOrQueryIsRefusedNamingIt(String method, String target, String field) {
        Reply reply = send(request(target)
                        .header("Content-Type", JSON)
                        .header("If-Match", "*")
                        .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                        .build())
                .isProblem(400, "validation");

        assertThat(reply.json().path("field").asString()).isEqualTo(field);
    }

    @Test
    void textEveryStoreKeepsIsKeptAsSent() {
        String key = "kv-" + UUID.randomUUID();
        String value = "tab\there\r\nnew line, é, 😀, \uFFFD, \u2028";

        Reply created = send(request("/api/kv/" + key)
                .header("Content-Type", JSON)
                .header("If-None-Match", "*")
                .PUT(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(java.util.Map.of("value", value))))
                .build());
        Reply order = postJson(
                "/api/skus/" + newSku(1, "batched") + "/purchases",
                MAPPER.writeValueAsString(java.util.Map.of("buyerId", "😀 ü\tb", "quantity", 1)));

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(get("/api/kv/" + key).json().path("value").asString()).isEqualTo(value);
        assertThat(order.status()).as(order.raw().body()).isEqualTo(201);
        assertThat(order.json().path("buyerId").asString()).isEqualTo("😀 ü\tb");
    }
}
