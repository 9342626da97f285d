package dev.stampede.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadModelTest {

    private final LoadModel.RampingVus seed002 = new LoadModel.RampingVus(
            0,
            List.of(
                    new LoadModel.Stage(Duration.ofSeconds(20), 30),
                    new LoadModel.Stage(Duration.ofSeconds(30), 50),
                    new LoadModel.Stage(Duration.ofSeconds(30), 100),
                    new LoadModel.Stage(Duration.ofSeconds(20), 100),
                    new LoadModel.Stage(Duration.ofSeconds(20), 0)));

    @Test
    void rampingVusFollowTheStagesLinearly() {
        assertThat(seed002.targetAt(Duration.ZERO)).isZero();
        assertThat(seed002.targetAt(Duration.ofSeconds(10))).isEqualTo(15);
        assertThat(seed002.targetAt(Duration.ofSeconds(20))).isEqualTo(30);
        assertThat(seed002.targetAt(Duration.ofSeconds(35))).isEqualTo(40);
        assertThat(seed002.targetAt(Duration.ofSeconds(90))).isEqualTo(100);
        assertThat(seed002.targetAt(Duration.ofSeconds(110))).isEqualTo(50);
        assertThat(seed002.targetAt(Duration.ofSeconds(500))).isZero();
        assertThat(seed002.total()).isEqualTo(Duration.ofSeconds(120));
        assertThat(seed002.maxVus()).isEqualTo(100);
    }

    @Test
    void impossibleModelsAreRefused() {
        assertThatThrownBy(() -> new LoadModel.PerVuIterations(0, 1)).hasMessageContaining("vus");
        assertThatThrownBy(() -> new LoadModel.ConstantArrivalRate(0, Duration.ofSeconds(1), 10, 10))
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> new LoadModel.RampingVus(0, List.of())).hasMessageContaining("stage");
    }
}
