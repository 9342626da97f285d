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
    void aSkuWhoseShareOfRetriedPurchasesCrossesTheThresholdIsEscalated() {
        assertThat(purchases(18, 1, 0, 1_000)).isEqualTo(OPTIMISTIC);
        assertThat(purchases(2, 2, 1, 1_100)).isEqualTo(OPTIMISTIC);
        assertThat(purchases(1, 3, 2, 1_200)).isEqualTo(BATCHED);
    }

    @Test
    void aRateAtTheThresholdOrBelowItKeepsTheSkuOptimistic() {
        assertThat(purchases(18, 1, 0, 1_000)).isEqualTo(OPTIMISTIC);
        assertThat(purchases(2, 9, 8, 1_100)).isEqualTo(OPTIMISTIC);
        assertThat(purchases(80, 1, 0, 1_200)).isEqualTo(OPTIMISTIC);
        assertThat(purchases(8, 2, 1, 1_300)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void tenBuyersRacingForOneSkuNeverEscalateItHoweverOftenTheyRetry() {
        // Issue 15's low-contention run: 10 buyers on each SKU, released at once, every one of them retried often.
        for (int buyer = 0; buyer < 10; buyer++) {
            assertThat(rule.arrived(OPTIMISTIC, buyer, 1_000)).isEqualTo(OPTIMISTIC);
        }
        assertThat(purchases(10, 8, 7, 1_000)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void aBuyerWhoFindsMinSamplesOthersInFlightEscalatesTheSkuBeforeAnyPurchaseEnds() {
        assertThat(rule.arrived(OPTIMISTIC, 19, 1_000)).isEqualTo(OPTIMISTIC);
        assertThat(rule.arrived(OPTIMISTIC, 20, 1_000)).isEqualTo(BATCHED);
        // Escalated by a herd, the SKU steps back like any other: after a calm cool-down.
        assertThat(rule.arrived(BATCHED, 0, 5_999)).isEqualTo(BATCHED);
        assertThat(rule.arrived(BATCHED, 0, 6_000)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void fewerSamplesThanTheMinimumNeverEscalateWhateverTheirRate() {
        assertThat(purchases(19, 2, 1, 1_000)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void conflictsOlderThanTheWindowNoLongerCount() {
        assertThat(purchases(19, 2, 1, 1_000)).isEqualTo(OPTIMISTIC);
        // 1.1 s later the 19 retried purchases left the window: one more is a sample of 1.
        assertThat(purchases(1, 2, 1, 2_100)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void aBatchedSkuStepsBackOnlyAfterStayingCalmForTheCoolDown() {
        escalateAt(1_000);
        assertThat(rule.arrived(BATCHED, 0, 3_000)).isEqualTo(BATCHED);
        assertThat(rule.arrived(BATCHED, 0, 5_999)).isEqualTo(BATCHED);
        assertThat(rule.arrived(BATCHED, 0, 6_000)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void aBatchedSkuWhoseBuyersStillOverlapStaysBatched() {
        escalateAt(1_000);
        long now = 1_000;
        for (int second = 0; second < 30; second++) {
            for (int buyer = 0; buyer < 40; buyer++) {
                now += 25;
                assertThat(rule.arrived(BATCHED, buyer % 2, now)).isEqualTo(BATCHED);
            }
        }
    }

    @Test
    void theCoolDownStartsAgainAtTheLastHotWindow() {
        escalateAt(1_000);
        for (int buyer = 0; buyer < 20; buyer++) {
            rule.arrived(BATCHED, 1, 4_000 + buyer);
        }
        assertThat(rule.arrived(BATCHED, 0, 6_000)).isEqualTo(BATCHED);
        assertThat(rule.arrived(BATCHED, 0, 9_018)).isEqualTo(BATCHED);
        assertThat(rule.arrived(BATCHED, 0, 9_019)).isEqualTo(OPTIMISTIC);
    }

    @Test
    void afterASteppingDownEscalatingAgainTakesFreshConflicts() {
        escalateAt(1_000);
        assertThat(rule.arrived(BATCHED, 0, 6_000)).isEqualTo(OPTIMISTIC);
        // The purchases that escalated the SKU are forgotten: one more retried purchase is a sample of 1, not 21.
        assertThat(purchases(1, 2, 1, 6_001)).isEqualTo(OPTIMISTIC);
        assertThat(purchases(19, 2, 1, 6_002)).isEqualTo(BATCHED);
    }

    @Test
    void aPurchaseThatEndsAfterTheSwitchDoesNotCountInTheOtherMode() {
        escalateAt(1_000);
        assertThat(rule.attempted(BATCHED, 5, 4, 1_001)).isEqualTo(BATCHED);
        assertThat(rule.arrived(OPTIMISTIC, 1, 1_002)).isEqualTo(OPTIMISTIC);
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
        assertThat(purchases(20, 2, 1, nowMillis)).isEqualTo(BATCHED);
    }

    /**
     * {@code count} optimistic purchases end at {@code nowMillis}, each after {@code attempts} attempts of which
     * {@code conflicts} lost a version check; the SKU's mode after the last.
     */
    private Mode purchases(int count, int attempts, int conflicts, long nowMillis) {
        Mode mode = OPTIMISTIC;
        for (int i = 0; i < count; i++) {
            mode = rule.attempted(mode, attempts, conflicts, nowMillis);
        }
        return mode;
    }
}
