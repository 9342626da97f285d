package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HoldPropertiesTest {

    @Test
    void badHoldSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() ->
                        new HoldProperties(Duration.ofMinutes(20), Duration.ofMinutes(15), Duration.ofSeconds(1), 100))
                .hasMessageContaining("stampede.holds.default-ttl");
        assertThatThrownBy(() -> new HoldProperties(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), 100))
                .hasMessageContaining("stampede.holds.max-ttl");
        assertThatThrownBy(() ->
                        new HoldProperties(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMillis(1), 100))
                .hasMessageContaining("stampede.holds.sweep-interval");
        assertThatThrownBy(() ->
                        new HoldProperties(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(1), 0))
                .hasMessageContaining("stampede.holds.max-seats");
    }
}
