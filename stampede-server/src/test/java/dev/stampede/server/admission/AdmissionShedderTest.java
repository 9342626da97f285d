package dev.stampede.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionShedderTest {

    @Test
    void theShedderLooksAFiftiethOfMaxWaitApartBetweenOneAndTenMilliseconds() {
        assertThat(AdmissionShedder.period(Duration.ofMillis(250))).isEqualTo(Duration.ofMillis(5));
        assertThat(AdmissionShedder.period(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(10));
        assertThat(AdmissionShedder.period(Duration.ofSeconds(60))).isEqualTo(Duration.ofMillis(10));
        assertThat(AdmissionShedder.period(Duration.ofMillis(20))).isEqualTo(Duration.ofMillis(1));
        assertThat(AdmissionShedder.period(Duration.ZERO)).isEqualTo(Duration.ofMillis(1));
    }
}
