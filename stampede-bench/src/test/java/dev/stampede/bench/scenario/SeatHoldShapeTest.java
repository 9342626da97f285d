package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.bench.load.LoadModel;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeatHoldShapeTest {

    @Test
    void theSeedsStagesAreTheDefault() {
        LoadModel.RampingVus model = SeatHoldBench.model(100, 1);

        assertThat(model.startVus()).isZero();
        assertThat(model.stages())
                .containsExactly(
                        new LoadModel.Stage(Duration.ofSeconds(20), 30),
                        new LoadModel.Stage(Duration.ofSeconds(30), 50),
                        new LoadModel.Stage(Duration.ofSeconds(30), 100),
                        new LoadModel.Stage(Duration.ofSeconds(20), 100),
                        new LoadModel.Stage(Duration.ofSeconds(20), 0));
        assertThat(model.total()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theTimeScaleShortensEveryStageAndThePeakScalesEveryTarget() {
        LoadModel.RampingVus model = SeatHoldBench.model(10, 0.25);

        assertThat(model.stages())
                .containsExactly(
                        new LoadModel.Stage(Duration.ofSeconds(5), 3),
                        new LoadModel.Stage(Duration.ofMillis(7500), 5),
                        new LoadModel.Stage(Duration.ofMillis(7500), 10),
                        new LoadModel.Stage(Duration.ofSeconds(5), 10),
                        new LoadModel.Stage(Duration.ofSeconds(5), 0));
        assertThat(model.maxVus()).isEqualTo(10);
    }

    @Test
    void aNonPositiveScaleOrPeakIsRefused() {
        assertThatThrownBy(() -> SeatHoldBench.model(100, 0)).hasMessageContaining("--time-scale");
        assertThatThrownBy(() -> SeatHoldBench.model(0, 1)).hasMessageContaining("--vus");
    }

    @Test
    void pickingChoosesDistinctFreeSeatsAndNoMoreThanThereAre() {
        List<String> free = List.of("A1", "A2", "A3", "A4", "A5");
        SplittableRandom random = new SplittableRandom(42);

        for (int i = 0; i < 100; i++) {
            List<String> picked = SeatHoldScript.pick(free, 3, random);
            assertThat(picked).hasSize(3).doesNotHaveDuplicates();
            assertThat(free).containsAll(picked);
        }
        assertThat(SeatHoldScript.pick(List.of("B7"), 3, random)).containsExactly("B7");
    }
}
