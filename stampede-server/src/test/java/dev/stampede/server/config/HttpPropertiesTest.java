package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpPropertiesTest {

    @Test
    void badConnectionGuardSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() ->
                        new HttpProperties(Duration.ofMillis(10), Duration.ofSeconds(10), 1000, Duration.ofMinutes(1)))
                .hasMessageContaining("stampede.http.header-timeout");
        assertThatThrownBy(() ->
                        new HttpProperties(Duration.ofSeconds(10), Duration.ofHours(1), 1000, Duration.ofMinutes(1)))
                .hasMessageContaining("stampede.http.body-timeout");
        assertThatThrownBy(() ->
                        new HttpProperties(Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMinutes(1)))
                .hasMessageContaining("stampede.http.max-connections-per-address");
        assertThatThrownBy(
                        () -> new HttpProperties(Duration.ofSeconds(10), Duration.ofSeconds(10), 1000, Duration.ZERO))
                .hasMessageContaining("stampede.http.idle-release-after");
    }
}
