package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisPropertiesTest {

    private static RedisProperties of(String url, List<String> cluster) {
        return new RedisProperties(url, cluster, 0, "stampede:", Duration.ofSeconds(30), List.of());
    }

    @Test
    void aClusterIsNamedByHostAndPortNodesAndStartsNoEmbeddedRedis() {
        RedisProperties properties = of("", List.of("10.0.0.21:6379", "redis-2.internal:6379"));

        assertThat(properties.cluster()).containsExactly("10.0.0.21:6379", "redis-2.internal:6379");
        assertThat(properties.embedded()).isFalse();
        assertThat(of("", List.of()).embedded()).isTrue();
    }

    @Test
    void badClusterSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> of("", List.of("redis://10.0.0.21:6379")))
                .hasMessageContaining("stampede.redis.cluster");
        assertThatThrownBy(() -> of("", List.of("10.0.0.21"))).hasMessageContaining("stampede.redis.cluster");
        assertThatThrownBy(() -> of("redis://127.0.0.1:6379", List.of("10.0.0.21:6379")))
                .hasMessageContaining("stampede.redis.url and stampede.redis.cluster");
    }
}
