package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** Expiry over HTTP on a clock the test moves: an expired hold blocks nobody and cannot be confirmed. */
@Import(HoldExpiryApiTest.StoppedClock.class)
class HoldExpiryApiTest extends ShowsApiTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class StoppedClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    @Autowired
    MutableClock clock;

    @Autowired
    Clock injected;

    @ParameterizedTest
    @ValueSource(strings = {"conditional", "pessimistic", "redis"})
    void anExpiredHoldIsGoneForItsHolderAndFreeForEveryoneElse(String strategy) {
        assertThat(injected).isSameAs(clock);
        String show = newShow(strategy);
        Reply held = hold(show, "alice", "A1", "A2");
        hold(show, "bob", "A2").isProblem(409, "seats-taken");

        clock.advance(Duration.ofSeconds(60));

        assertThat(seats(show, "held")).isEmpty();
        assertThat(hold(show, "bob", "A2").status()).isEqualTo(201);
        confirm(
                        held.json().path("holdId").asString(),
                        "alice",
                        held.json().path("fence").asLong())
                .isProblem(410, "hold-expired");
        release(held.json().path("holdId").asString(), "alice").isProblem(404, "unknown-hold");
        assertThat(seats(show, "held")).containsExactly("A2");
        assertThat(seats(show, "booked")).isEmpty();
    }
}
