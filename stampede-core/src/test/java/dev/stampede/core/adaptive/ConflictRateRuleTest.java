package dev.stampede.core.adaptive;

import static dev.stampede.core.adaptive.Mode.BATCHED;
import static dev.stampede.core.adaptive.Mode.OPTIMISTIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConflictRateRuleTest {

    /** Escalate above 10% conflicts, calm below 5% overlaps, over 1 s, from 20 samples, after 5 s calm. */
    private final ConflictRateRule rule = new ConflictRateRule(AdaptiveSettings.defaults());

    @Test
    void aSkuWhoseConflictRateCrossesTheThresholdIsEscalated() {
        assertThat(rule.attempted(OPTIMISTIC, 10, 0, 1_000)).isEqualTo(OPTIMISTIC);
        assertThat(rule.attempted(OPTIMISTIC, 10, 3, 1_100)).isEqualTo(BATCHED);
    }

    @Test
    void aRateAtTheThresholdOrBelowItKeepsTheSkuOptimistic() {
        assertThat(rule.attempted(OPTIMISTIC, 18, 0, 1_000)).isEqualTo(OPTIMISTIC);
        assertThat(rule.attempted(OPTIMISTIC, 2, 2, 1_100)).isEqualTo(OPTIMISTIC);
        assertThat(rule.attempted(OPTIMISTIC, 100, 10, 1_200)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void fewerSamplesThanTheMinimumNeverEscalateWhateverTheirRate() {
        for (int i = 0; i < 9; i++) {
            assertThat(rule.attempted(OPTIMISTIC, 2, 1, 1_000 + i)).isEqualTo(OPTIMISTIC);
        }
    }

    @Test
    void conflictsOlderThanTheWindowNoLongerCount() {
        assertThat(rule.attempted(OPTIMISTIC, 19, 19, 1_000)).isEqualTo(OPTIMISTIC);
        // 1.1 s later the 19 conflicts left the window: one more attempt is a sample of 1.
        assertThat(rule.attempted(OPTIMISTIC, 1, 1, 2_100)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void aBatchedSkuStepsBackOnlyAfterStayingCalmForTheCoolDown() {
        escalateAt(1_000);
        assertThat(rule.arrived(BATCHED, false, 3_000)).isEqualTo(BATCHED);
        assertThat(rule.arrived(BATCHED, false, 5_999)).isEqualTo(BATCHED);
        assertThat(rule.arrived(BATCHED, false, 6_000)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void aBatchedSkuWhoseBuyersStillOverlapStaysBatched() {
        escalateAt(1_000);
        long now = 1_000;
        for (int second = 0; second < 30; second++) {
            for (int buyer = 0; buyer < 40; buyer++) {
                now += 25;
                assertThat(rule.arrived(BATCHED, buyer % 2 == 0, now)).isEqualTo(BATCHED);
            }
        }
    }

    @Test
    void theCoolDownStartsAgainAtTheLastHotWindow() {
        escalateAt(1_000);
        for (int buyer = 0; buyer < 20; buyer++) {
            rule.arrived(BATCHED, true, 4_000 + buyer);
        }
        assertThat(rule.arrived(BATCHED, false, 6_000)).isEqualTo(BATCHED);
        assertThat(rule.arrived(BATCHED, false, 9_018)).isEqualTo(BATCHED);
        assertThat(rule.arrived(BATCHED, false, 9_019)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void afterASteppingDownEscalatingAgainTakesFreshConflicts() {
        escalateAt(1_000);
        assertThat(rule.arrived(BATCHED, false, 6_000)).isEqualTo(OPTIMISTIC);
        // The conflicts that escalated the SKU are forgotten: one more conflict is a sample of 1, not 21.
        assertThat(rule.attempted(OPTIMISTIC, 1, 1, 6_001)).isEqualTo(OPTIMISTIC);
        assertThat(rule.attempted(OPTIMISTIC, 19, 19, 6_002)).isEqualTo(BATCHED);
    }

    @Test
    void aPurchaseThatEndsAfterTheSwitchDoesNotCountInTheOtherMode() {
        escalateAt(1_000);
        assertThat(rule.attempted(BATCHED, 5, 4, 1_001)).isEqualTo(BATCHED);
        assertThat(rule.arrived(OPTIMISTIC, true, 1_002)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new AdaptiveSettings(0, 0, second, 20, second))
                .hasMessageContaining("stampede.strategies.adaptive.escalate-above");
        assertThatThrownBy(() -> new AdaptiveSettings(1.5, 0, second, 20, second))
                .hasMessageContaining("stampede.strategies.adaptive.escalate-above");
        assertThatThrownBy(() -> new AdaptiveSettings(0.1, 0.2, second, 20, second))
                .hasMessageContaining("stampede.strategies.adaptive.step-down-below");
        assertThatThrownBy(() -> new AdaptiveSettings(0.1, 0.05, Duration.ofMillis(9), 20, second))
                .hasMessageContaining("stampede.strategies.adaptive.window");
        assertThatThrownBy(() -> new AdaptiveSettings(0.1, 0.05, second, 0, second))
                .hasMessageContaining("stampede.strategies.adaptive.min-samples");
        assertThatThrownBy(() -> new AdaptiveSettings(0.1, 0.05, second, 20, Duration.ofMillis(-1)))
                .hasMessageContaining("stampede.strategies.adaptive.cool-down");
    }

    private void escalateAt(long nowMillis) {
        assertThat(rule.attempted(OPTIMISTIC, 20, 20, nowMillis)).isEqualTo(BATCHED);
    }
}
