package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InstancePropertiesTest {

    @Test
    void badLivenessSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new InstanceProperties(Duration.ofMillis(10), Duration.ofSeconds(10)))
                .hasMessageContaining("stampede.instance.heartbeat-interval");
        assertThatThrownBy(() -> new InstanceProperties(Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .hasMessageContaining("stampede.instance.silence-limit");
    }
}
