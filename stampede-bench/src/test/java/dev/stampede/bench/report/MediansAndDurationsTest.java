package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansAndDurationsTest {

    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        assertThat(Medians.of(List.of(3.0, 1.0, 2.0), Double::doubleValue)).isEqualTo(2.0);
        assertThat(Medians.of(List.of(4.0, 1.0, 2.0, 3.0), Double::doubleValue)).isEqualTo(2.5);
        assertThat(Medians.of(List.<Double>of(), Double::doubleValue)).isZero();
    }

    @Test
    void durationsReadLikeK6() {
        assertThat(Durations.ms(0.512)).isEqualTo("512µs");
        assertThat(Durations.ms(67.294)).isEqualTo("67.29ms");
        assertThat(Durations.ms(23_340)).isEqualTo("23.34s");
        assertThat(Durations.ms(62_500)).isEqualTo("1m2.5s");
    }
}
