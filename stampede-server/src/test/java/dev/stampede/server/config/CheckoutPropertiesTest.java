package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckoutPropertiesTest {

    private static CheckoutProperties with(Set<String> modes, int poolSize) {
        return new CheckoutProperties(
                null,
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                Duration.ofMinutes(2),
                Duration.ofSeconds(1),
                modes,
                Duration.ofSeconds(5),
                poolSize);
    }

    private static CheckoutProperties withModes(Set<String> modes) {
        return with(modes, 8);
    }

    @Test
    void aModeThatDoesNotExistStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> withModes(Set.of("reserve-confirm", "lock-forever")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stampede.checkout.modes")
                .hasMessageContaining("lock-across-payment");
        assertThatThrownBy(() -> withModes(Set.of())).hasMessageContaining("stampede.checkout.modes");
    }

    @Test
    void bothModesMayBeOffered() {
        assertThat(withModes(Set.of("reserve-confirm", "lock-across-payment")).modes())
                .containsExactlyInAnyOrder("reserve-confirm", "lock-across-payment");
    }

    @Test
    void theSagasPoolNeedsAConnectionAndNamesTheSettingWhenItHasNone() {
        assertThatThrownBy(() -> with(Set.of("reserve-confirm"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stampede.checkout.pool-size");
        assertThat(with(Set.of("reserve-confirm"), 1).poolSize()).isEqualTo(1);
    }
}
