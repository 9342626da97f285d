package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.concurrency.limits.Limiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The limiters admission control puts in front of each write partition, driven directly: permits are taken by the
 * test.
 */
class AdmissionLimitersTest {

    private static AdmissionProperties settings(int purchaseLimit, Duration maxWait, int backlog) {
        return new AdmissionProperties(true, 2, 1, 2, purchaseLimit, maxWait, backlog);
    }

    private static List<Limiter.Listener> take(Limiter<Void> limiter, int permits) {
        List<Limiter.Listener> taken = new ArrayList<>();
        for (int i = 0; i < permits; i++) {
            taken.add(limiter.acquire(null).orElseThrow(() -> new AssertionError("no permit")));
        }
        return taken;
    }

    @Test
    void purchasesHaveTheFixedPurchaseLimitWhateverTheAdaptiveLimitsAre() {
        Limiter<Void> purchases = AdmissionLimiters.forPartition("purchases", settings(50, Duration.ZERO, 0));
        Limiter<Void> transfers = AdmissionLimiters.forPartition("transfers", settings(50, Duration.ZERO, 0));

        take(purchases, 50);
        take(transfers, 2);

        assertThat(purchases.acquire(null)).isEmpty();
        assertThat(transfers.acquire(null)).isEmpty();
    }

    @Test
    void aLimiterAnswersAtOnceWhateverMaxWaitIsTheFilterDoesTheWaiting() {
        Limiter<Void> purchases = AdmissionLimiters.forPartition("purchases", settings(1, Duration.ofSeconds(60), 10));
        take(purchases, 1);

        assertThat(purchases.acquire(null)).isEmpty();
    }
}
