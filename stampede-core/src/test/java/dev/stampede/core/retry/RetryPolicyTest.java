package dev.stampede.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(2), Duration.ofMillis(50));

    @Test
    void delaysStayWithinTheDoublingCeilingAndTheCap() {
        SplittableRandom random = new SplittableRandom(7);
        IntStream.rangeClosed(1, 12).forEach(retry -> {
            long ceilingMillis = Math.min(50, 2L << (retry - 1));
            for (int i = 0; i < 500; i++) {
                Duration delay = policy.delayBefore(retry, random);
                assertThat(delay).isBetween(Duration.ZERO, Duration.ofMillis(ceilingMillis));
            }
        });
    }

    @Test
    void jitterSpreadsDelaysOverTheWholeRange() {
        SplittableRandom random = new SplittableRandom(11);
        var delays = IntStream.range(0, 2_000)
                .mapToObj(i -> policy.delayBefore(10, random).toMillis())
                .toList();
        assertThat(delays).anyMatch(ms -> ms < 10).anyMatch(ms -> ms > 40);
    }

    @Test
    void hugeRetryNumbersDoNotOverflow() {
        assertThat(policy.delayBefore(Integer.MAX_VALUE, new SplittableRandom(1)))
                .isBetween(Duration.ZERO, Duration.ofMillis(50));
    }

    @Test
    void attemptsAreCountedIncludingTheFirst() {
        assertThat(policy.canRetryAfter(4)).isTrue();
        assertThat(policy.canRetryAfter(5)).isFalse();
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(2)))
                .hasMessageContaining("max-attempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofMillis(2)))
                .hasMessageContaining("base-delay");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(2)))
                .hasMessageContaining("max-delay");
    }
}
