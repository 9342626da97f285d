package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenPropertiesTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void badTokenSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new TokenProperties("memcached", 16, MINUTE, MINUTE, MINUTE, MINUTE))
                .hasMessageContaining("stampede.tokens.pool");
        assertThatThrownBy(() -> new TokenProperties("redis", 0, MINUTE, MINUTE, MINUTE, MINUTE))
                .hasMessageContaining("stampede.tokens.partitions");
        assertThatThrownBy(() -> new TokenProperties("redis", 16, Duration.ZERO, MINUTE, MINUTE, MINUTE))
                .hasMessageContaining("stampede.tokens.claim-ttl");
        assertThatThrownBy(() -> new TokenProperties("redis", 16, MINUTE, Duration.ofDays(1), MINUTE, MINUTE))
                .hasMessageContaining("stampede.tokens.purchase-ttl");
        assertThatThrownBy(() -> new TokenProperties("redis", 16, MINUTE, MINUTE, Duration.ofMillis(1), MINUTE))
                .hasMessageContaining("stampede.tokens.reconcile-interval");
        assertThatThrownBy(() -> new TokenProperties("redis", 16, MINUTE, MINUTE, MINUTE, Duration.ofMillis(1)))
                .hasMessageContaining("stampede.tokens.sweep-interval");
    }

    @Test
    void thePoolIsNamedWithoutRegardToCase() {
        assertThat(new TokenProperties("PostgreSQL", 16, MINUTE, MINUTE, MINUTE, MINUTE).redis())
                .isFalse();
        assertThat(new TokenProperties("Redis", 16, MINUTE, MINUTE, MINUTE, MINUTE).redis())
                .isTrue();
    }
}
