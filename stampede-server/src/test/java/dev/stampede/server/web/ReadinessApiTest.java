package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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
        HikariDataSource requests = (HikariDataSource) dataSource;
        HikariPoolMXBean pool = requests.getHikariPoolMXBean();
        List<Connection> held = new CopyOnWriteArrayList<>();
        AtomicBoolean holding = new AtomicBoolean(true);
        Thread hog = null;
        try {
            while (pool.getIdleConnections() > 0 || pool.getTotalConnections() < requests.getMaximumPoolSize()) {
                held.add(requests.getConnection());
            }
            // the service's own jobs hold the rest for moments: each one they give back is taken too
            hog = Thread.ofVirtual().start(() -> {
                while (holding.get()) {
                    try {
                        held.add(requests.getConnection());
                    } catch (SQLException timedOut) {
                        // none came back within the pool's wait: ask again
                    }
                }
            });

            Reply readiness = get("/actuator/health/readiness");
            Reply health = get("/actuator/health");

            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().path("status").asText()).isEqualTo("DOWN");
        } finally {
            holding.set(false);
            if (hog != null) {
                hog.join();
            }
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void readinessAnswersUpWhenNothingIsHeld() {
        Reply readiness = get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
    }
}
