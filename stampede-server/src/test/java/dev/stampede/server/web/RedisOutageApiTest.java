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
 * A {@code redis} show over HTTP while its Redis (a real server the test owns) is stopped, then started again empty:
 * every read and write answers 503 {@code busy} with {@code Retry-After} while it is down (a confirmed booking is still
 * answered, from PostgreSQL); afterwards the seats booked before are booked, the holds granted before are gone, and the
 * show's audit passes.
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

    private static void busy(Reply reply) {
        reply.isProblem(503, "busy");
        assertThat(reply.header("Retry-After")).isNotBlank();
        assertThat(reply.raw().body()).doesNotContainIgnoringCase("lettuce").doesNotContain("127.0.0.1");
    }
}
