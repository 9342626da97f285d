package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 16 item 1: what a load balancer checks. {@code /actuator/health} includes the database's check, which waits
 * for a pooled connection: while a sale's burst holds them all it answered after 16 s (then DOWN), and HAProxy marked
 * the busy instances down and answered their buyers 503. {@code /actuator/health/readiness} says whether this process
 * takes requests, without waiting for the pool: the balancer checks it.
 */
@TestPropertySource(properties = {"stampede.db.pool-size=4", "stampede.db.connection-timeout=1s"})
class ReadinessApiTest extends ApiTest {

    @Test
    void readinessAnswersUpWhileEveryPooledConnectionIsHeldWhereTheFullHealthAnswersDown() throws Exception {
        try (HeldPool ignored = new HeldPool(dataSource)) {
            Reply readiness = get("/actuator/health/readiness");
            Reply health = get("/actuator/health");

            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().path("status").asText()).isEqualTo("DOWN");
        }
    }

    @Test
    void readinessAnswersUpWhenNothingIsHeld() {
        Reply readiness = get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
    }
}
