package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.devservers.EmbeddedRedisServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A {@code redis} SKU over HTTP, on a Redis the test owns: sold to the last unit with 201 answers and an audit that
 * passes (Redis stock plus durable orders equal the initial stock); while Redis is stopped a purchase answers 503
 * {@code busy} with {@code Retry-After} and no Redis text (never 409 sold out), and selling resumes once Redis is back
 * (empty), the units sold before kept.
 */
@DirtiesContext
class RedisPurchaseApiTest extends ApiTest {

    private static EmbeddedRedisServer redis;
    private static int redisPort;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        redis = EmbeddedRedisServer.start(0);
        redisPort = URI.create(redis.url()).getPort();
        registry.add("stampede.redis.url", redis::url);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aRedisSkuIsSoldToTheLastUnitAndItsAuditPasses() {
        String sku = newSku(3, "redis");

        Reply first = purchase(sku, "alice", 2, "Idempotency-Key", "alice-1");
        Reply replay = purchase(sku, "alice", 2, "Idempotency-Key", "alice-1");
        Reply second = purchase(sku, "bob", 1);
        Reply late = purchase(sku, "carol", 1);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.status()).isEqualTo(201);
        late.isProblem(409, "sold-out");
        assertThat(get("/api/skus/" + sku).json().path("stock").asInt()).isZero();
        JsonNode audit = get("/api/skus/" + sku + "/audit").json();
        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("stock").asInt()).isZero();
        assertThat(audit.path("unitsInOrders").asInt()).isEqualTo(3);
        assertThat(audit.path("repairedUnits").isNumber()).isTrue();
        assertThat(audit.path("repairedUnits").asLong()).isZero();
        assertThat(audit.path("pendingOrders").isNumber()).isTrue();
        assertThat(audit.path("pendingOrders").asLong()).isZero();
    }

    @Test
    void whileRedisIsDownAPurchaseAnswersBusyAndSellingResumesWhenItReturns() {
        String sku = newSku(5, "redis");
        assertThat(purchase(sku, "dave", 2).status()).isEqualTo(201);

        redis.close();

        Reply busy = purchase(sku, "erin", 1, "Idempotency-Key", "erin-1");
        busy.isProblem(503, "busy");
        assertThat(busy.header("Retry-After")).isNotBlank();
        assertThat(busy.raw().body()).doesNotContainIgnoringCase("lettuce").doesNotContain("127.0.0.1");
        purchase(sku, "frank", 1).isProblem(503, "busy");

        redis = EmbeddedRedisServer.start(redisPort);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        purchase(sku, "erin", 1, "Idempotency-Key", "erin-1").status() == 201);
        assertThat(purchase(sku, "frank", 2).status()).isEqualTo(201);
        purchase(sku, "gail", 1).isProblem(409, "sold-out");
        JsonNode audit = get("/api/skus/" + sku + "/audit").json();
        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("orders").asInt()).isEqualTo(3);
        assertThat(audit.path("unitsInOrders").asInt()).isEqualTo(5);
    }
}
