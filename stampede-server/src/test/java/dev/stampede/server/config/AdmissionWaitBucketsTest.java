package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionWaitBucketsTest {

    @Test
    void theWaitMeterHasABucketAtMaxWaitAndSomeAboveItSoAScrapeTellsHowManyWaitedLongerAndByHowMuch() {
        assertThat(AdmissionConfig.waitBuckets(Duration.ofSeconds(1)))
                .containsExactly(
                        Duration.ofMillis(1),
                        Duration.ofMillis(10),
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(1_100),
                        Duration.ofMillis(1_500),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4));
    }

    @Test
    void withoutAWaitOnlyTheFixedBucketsRemain() {
        assertThat(AdmissionConfig.waitBuckets(Duration.ZERO))
                .containsExactly(Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100));
    }
}
