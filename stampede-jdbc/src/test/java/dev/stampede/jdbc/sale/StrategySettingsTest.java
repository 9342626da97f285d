package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.retry.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StrategySettingsTest {

    private final RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(10));

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new StrategySettings(Duration.ZERO, retry, 10, 10))
                .hasMessageContaining("stampede.strategies.lock-timeout");
        assertThatThrownBy(() -> new StrategySettings(Duration.ofSeconds(1), retry, 0, 10))
                .hasMessageContaining("stampede.strategies.batch-queue-capacity");
        assertThatThrownBy(() -> new StrategySettings(Duration.ofSeconds(1), retry, 10, 0))
                .hasMessageContaining("stampede.strategies.max-batch-size");
    }
}
