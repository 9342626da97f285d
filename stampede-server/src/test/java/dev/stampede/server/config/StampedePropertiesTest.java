package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.server.StampedeApplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

class StampedePropertiesTest {

    private static final StampedeProperties.Db DB =
            new StampedeProperties.Db(null, null, null, 8, 0, Duration.ofSeconds(1));
    private static final StampedeProperties.Strategies STRATEGIES = strategies(Duration.ofSeconds(2), 4, 6);

    private static final StampedeProperties.Transfers TRANSFERS = new StampedeProperties.Transfers(
            "conditional",
            Duration.ZERO,
            Duration.ofSeconds(5),
            Duration.ofMillis(1),
            Duration.ofMillis(10),
            Duration.ofMinutes(1));

    private static StampedeProperties.Strategies strategies(
            Duration turnWait, int maxInFlightPerSku, int maxInFlightWithoutHotRow) {
        return new StampedeProperties.Strategies(
                Duration.ofSeconds(1),
                turnWait,
                maxInFlightPerSku,
                maxInFlightWithoutHotRow,
                5,
                Duration.ofMillis(1),
                Duration.ofMillis(10),
                100,
                10,
                ADAPTIVE);
    }

    private static final StampedeProperties.Strategies.Adaptive ADAPTIVE =
            new StampedeProperties.Strategies.Adaptive(0.1, 0.05, Duration.ofSeconds(1), 20, Duration.ofSeconds(5));

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new StampedeProperties(null, false, 0, 4096, null, DB, STRATEGIES, TRANSFERS))
                .hasMessageContaining("stampede.max-quantity");
        assertThatThrownBy(() -> new StampedeProperties(null, false, 10, 10, null, DB, STRATEGIES, TRANSFERS))
                .hasMessageContaining("stampede.max-body-bytes");
        assertThatThrownBy(() -> strategies(Duration.ofSeconds(2), 0, 6))
                .hasMessageContaining("stampede.strategies.max-in-flight-per-sku");
        assertThatThrownBy(() -> strategies(Duration.ofSeconds(2), 4, 0))
                .hasMessageContaining("stampede.strategies.max-in-flight-per-sku-without-hot-row");
        assertThatThrownBy(() -> strategies(Duration.ZERO, 4, 6)).hasMessageContaining("stampede.strategies.turn-wait");
        assertThatThrownBy(() -> new StampedeProperties.Db(null, null, null, 0, 0, Duration.ofSeconds(1)))
                .hasMessageContaining("stampede.db.pool-size");
        assertThatThrownBy(() -> new StampedeProperties.Transfers(
                                "conditional",
                                Duration.ofMinutes(2),
                                Duration.ofSeconds(5),
                                Duration.ofMillis(1),
                                Duration.ofMillis(10),
                                Duration.ofMinutes(1))
                        .settings())
                .hasMessageContaining("stampede.transfers.work");
        assertThatThrownBy(() -> new StampedeProperties.Transfers(
                                "conditional",
                                Duration.ZERO,
                                Duration.ZERO,
                                Duration.ofMillis(1),
                                Duration.ofMillis(10),
                                Duration.ofMinutes(1))
                        .settings())
                .hasMessageContaining("stampede.transfers.max-wait");
    }

    @Test
    void badAdmissionSettingsAreRefusedNamingTheSetting() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new AdmissionProperties(true, 20, 0, 200, 256, second, 100))
                .hasMessageContaining("stampede.admission.min-limit");
        assertThatThrownBy(() -> new AdmissionProperties(true, 2, 4, 200, 256, second, 100))
                .hasMessageContaining("stampede.admission.initial-limit");
        assertThatThrownBy(() -> new AdmissionProperties(true, 20, 4, 10, 256, second, 100))
                .hasMessageContaining("stampede.admission.max-limit");
        assertThatThrownBy(() -> new AdmissionProperties(true, 20, 4, 200, 0, second, 100))
                .hasMessageContaining("stampede.admission.purchase-limit");
        assertThatThrownBy(() -> new AdmissionProperties(true, 20, 4, 200, 256, second.negated(), 100))
                .hasMessageContaining("stampede.admission.max-wait");
        assertThatThrownBy(() -> new AdmissionProperties(true, 20, 4, 200, 256, Duration.ofMinutes(2), 100))
                .hasMessageContaining("stampede.admission.max-wait");
        assertThatThrownBy(() -> new AdmissionProperties(true, 20, 4, 200, 256, second, -1))
                .hasMessageContaining("stampede.admission.backlog");
    }

    @Test
    void badAdaptiveSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new StampedeProperties.Strategies.Adaptive(
                        0.1, 0.2, Duration.ofSeconds(1), 20, Duration.ofSeconds(5)))
                .hasMessageContaining("stampede.strategies.adaptive.step-down-below");
        assertThatThrownBy(() -> new StampedeProperties.Strategies.Adaptive(
                        0.1, 0.05, Duration.ofSeconds(1), 0, Duration.ofSeconds(5)))
                .hasMessageContaining("stampede.strategies.adaptive.min-samples");
        assertThat(ADAPTIVE.settings().escalateAbove()).isEqualTo(0.1);
    }

    @Test
    void withoutADataDirectoryTheEmbeddedDatabaseLivesInTheHomeDirectory() {
        StampedeProperties properties = new StampedeProperties(null, false, 10, 4096, null, DB, STRATEGIES, TRANSFERS);

        assertThat(properties.dataDir().endsWith(java.nio.file.Path.of(".stampede", "pgdata")))
                .isTrue();
        assertThat(properties.db().embedded()).isTrue();
    }

    @Test
    void theServiceRefusesToStartWithABadSettingAndNamesIt() {
        assertThatThrownBy(() -> SpringApplication.run(
                        StampedeApplication.class,
                        "--server.port=0",
                        "--stampede.strategies.max-batch-size=0",
                        "--stampede.data-dir=target/test-pg/refused-" + java.util.UUID.randomUUID()))
                .rootCause()
                .hasMessageContaining("stampede.strategies.max-batch-size");
    }
}
