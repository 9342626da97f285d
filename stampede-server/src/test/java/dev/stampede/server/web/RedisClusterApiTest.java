package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.devservers.LocalRedisCluster;
import dev.stampede.devservers.TestRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service pointed at a real Redis Cluster ({@code stampede.redis.cluster}, six {@code redis-server} processes on
 * loopback): SKUs sold by the Redis strategies are sold to the last unit over HTTP, a keyed purchase is replayed, and
 * the audit passes.
 */
@DirtiesContext
class RedisClusterApiTest extends ApiTest {

    private static LocalRedisCluster cluster;

    @BeforeAll
    static void requireRedis() {
        TestRedisCluster.require();
    }

    @DynamicPropertySource
    static void redisCluster(DynamicPropertyRegistry registry) {
        if (LocalRedisCluster.findBinaries().isPresent()) {
            cluster = LocalRedisCluster.start(0);
            registry.add("stampede.redis.cluster", cluster::nodes);
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis", "tokens"})
    void aSkuOnTheClusterIsSoldToTheLastUnitAndItsAuditPasses(String strategy) {
        String sku = newSku(3, strategy);

        Reply first = purchase(sku, "alice", 2, "Idempotency-Key", "alice-" + strategy);
        Reply replay = purchase(sku, "alice", 2, "Idempotency-Key", "alice-" + strategy);
        Reply second = purchase(sku, "bob", 1);
        Reply late = purchase(sku, "carol", 1);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.status()).isEqualTo(201);
        late.isProblem(409, "sold-out");
        JsonNode audit = get("/api/skus/" + sku + "/audit").json();
        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("unitsInOrders").asInt()).isEqualTo(3);
    }
}
