package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockPropertiesTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new LockProperties("zookeeper", FIVE_SECONDS, FIVE_SECONDS, List.of()))
                .hasMessageContaining("stampede.lock.backend")
                .hasMessageContaining("jdbc, redis, etcd");
        assertThatThrownBy(() -> new LockProperties("jdbc", Duration.ofMillis(10), FIVE_SECONDS, List.of()))
                .hasMessageContaining("stampede.lock.ttl");
        assertThatThrownBy(() -> new LockProperties("jdbc", FIVE_SECONDS, Duration.ofSeconds(-1), List.of()))
                .hasMessageContaining("stampede.lock.max-wait");
        assertThatThrownBy(() -> new LockProperties("etcd", FIVE_SECONDS, FIVE_SECONDS, List.of()))
                .hasMessageContaining("stampede.lock.etcd-endpoints");
        assertThatThrownBy(() -> new LockProperties("etcd", FIVE_SECONDS, FIVE_SECONDS, List.of("127.0.0.1:2379")))
                .hasMessageContaining("http://127.0.0.1:2379");
    }

    @Test
    void etcdTakesItsEndpoints() {
        LockProperties properties = new LockProperties(
                "etcd", FIVE_SECONDS, Duration.ZERO, List.of("http://127.0.0.1:12379", "http://127.0.0.1:22379"));

        assertThat(properties.etcdEndpoints()).hasSize(2);
        assertThat(properties.maxWait()).isZero();
    }
}
