package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.devservers.EmbeddedRedisServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A {@code redis} show over HTTP while its Redis (a real server the test owns) is stopped, then started again empty:
 * every read and write answers 503 {@code busy} with {@code Retry-After} while it is down (a confirmed booking is still
 * answered, from PostgreSQL); afterwards the seats booked before are booked, the holds granted before are gone, and the
 * show's audit passes. A SKU sold by tokens (issue 13, item 5) likewise answers busy to every purchase, claim and
 * audit while Redis is down, and sells exactly its stock, nothing twice, once Redis is back. A {@code redis} SKU put on
 * sale while Redis is down is created (201, once: a second creation is refused) and sells its stock once Redis is back.
 */
@DirtiesContext
class RedisOutageApiTest extends ShowsApiTest {

    private static EmbeddedRedisServer redis;
    private static int port;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        redis = EmbeddedRedisServer.start(0);
        port = URI.create(redis.url()).getPort();
        registry.add("stampede.redis.url", redis::url);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aRedisShowAnswersBusyWhileRedisIsDownAndKeepsItsBookingsWhenRedisComesBackEmpty() {
        String show = newShow("redis");
        Reply alice = hold(show, "alice", "A1", "A2");
        String aliceHold = alice.json().path("holdId").asString();
        long aliceFence = alice.json().path("fence").asLong();
        Reply booked = confirm(aliceHold, "alice", aliceFence);
        assertThat(booked.status()).isEqualTo(201);
        Reply bob = hold(show, "bob", "A3");
        assertThat(bob.status()).isEqualTo(201);

        redis.close();

        busy(get("/api/shows/" + show + "/seats"));
        busy(get("/api/shows/" + show + "/audit"));
        busy(hold(show, "carol", "A4"));
        busy(confirm(
                bob.json().path("holdId").asString(),
                "bob",
                bob.json().path("fence").asLong()));
        busy(release(bob.json().path("holdId").asString(), "bob"));
        Reply replayedFromPostgres = confirm(aliceHold, "alice", aliceFence);
        assertThat(replayedFromPostgres.status()).isEqualTo(200);
        assertThat(replayedFromPostgres.json()).isEqualTo(booked.json());

        redis = EmbeddedRedisServer.start(port);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/shows/" + show + "/seats").status() == 200);
        assertThat(seats(show, "booked")).containsExactly("A1", "A2");
        assertThat(seats(show, "held")).isEmpty();
        JsonNode audit = showAudit(show);
        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("booked").asInt()).isEqualTo(2);
        assertThat(audit.path("bookingRows").asInt()).isEqualTo(2);
        Reply replay = confirm(aliceHold, "alice", aliceFence);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        release(bob.json().path("holdId").asString(), "bob").isProblem(404, "unknown-hold");
        hold(show, "carol", "A1").isProblem(409, "seats-taken");
        assertThat(hold(show, "carol", "A3").status()).isEqualTo(201);
    }

    @Test
    void aTokensSkuAnswersBusyWhileRedisIsDownAndSellsExactlyItsStockOnceRedisIsBack() {
        String sku = "tokens-" + UUID.randomUUID();
        assertThat(createSku(sku, 6, "tokens").status()).isEqualTo(201);
        assertThat(purchase(sku, "before", 2).status()).isEqualTo(201);
        String claimId = postJson("/api/skus/" + sku + "/claims", "{\"buyerId\":\"held\",\"quantity\":1}")
                .json()
                .path("claimId")
                .asString();

        redis.close();

        busy(purchase(sku, "during", 1));
        busy(postJson("/api/skus/" + sku + "/claims", "{\"buyerId\":\"during\",\"quantity\":1}"));
        busy(get("/api/skus/" + sku + "/audit"));
        assertThat(get("/api/skus/" + sku).json().path("stock").asInt()).isEqualTo(4);

        redis = EmbeddedRedisServer.start(port);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/skus/" + sku + "/audit").status() == 200);
        assertThat(send(request("/api/claims/" + claimId + "/checkout")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build())
                        .status())
                .isEqualTo(201);
        JsonNode audit = sellsExactly(sku, 10, 3);
        assertThat(audit.path("unitsInOrders").asInt()).isEqualTo(6);
        assertThat(audit.path("tokens").path("redeemed").asInt()).isEqualTo(6);
    }

    @Test
    void aRedisSkuPutOnSaleWhileRedisIsDownIsCreatedOnceAndSellsItsStockOnceRedisIsBack() {
        String sku = "redis-" + UUID.randomUUID();

        redis.close();

        Reply created = createSku(sku, 5, "redis");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/skus/" + sku);
        assertThat(created.json().path("stock").asInt()).isEqualTo(5);
        assertThat(created.json().path("sold").asInt()).isZero();
        createSku(sku, 5, "redis").isProblem(409, "sku-exists");
        busy(purchase(sku, "during", 1));

        redis = EmbeddedRedisServer.start(port);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/skus/" + sku).status() == 200);
        assertThat(sellsExactly(sku, 8, 5).path("unitsInOrders").asInt()).isEqualTo(5);
    }

    /**
     * {@code buyers} purchases of one unit each, one after another: {@code sold} answered 201, the others 409 sold out;
     * then the SKU's audit, which must pass.
     */
    private JsonNode sellsExactly(String sku, int buyers, int sold) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            statuses.add(purchase(sku, "after-" + i, 1).status());
        }
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(sold);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(buyers - sold);
        JsonNode audit = get("/api/skus/" + sku + "/audit").json();
        assertThat(audit.path("passed").asBoolean()).as(audit.toString()).isTrue();
        return audit;
    }

    private static void busy(Reply reply) {
        reply.isProblem(503, "busy");
        assertThat(reply.header("Retry-After")).isNotBlank();
        assertThat(reply.raw().body()).doesNotContainIgnoringCase("lettuce").doesNotContain("127.0.0.1");
    }
}
