package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import dev.stampede.bench.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Rounds in a rotating order, so that no strategy of an invocation always runs warmest (issue 15). */
class RunOrderTest {

    private static final List<String> THREE = List.of("adaptive", "batched", "redis");

    private static RunResult measured(String strategy, int run) {
        return new RunResult(
                strategy,
                run,
                1,
                new OutcomeCounts(1, 0, 0, 0, 0, 0),
                LatencySummary.EMPTY,
                1.0,
                1.0,
                100,
                List.of(1.0),
                0,
                AuditVerdict.skipped("not audited"),
                Map.of(),
                Map.of());
    }

    @Test
    void eachRoundRotatesTheOrderByOneSoEveryStrategyTakesEveryPosition() {
        assertThat(RunOrder.ofRound(THREE, 1)).containsExactly("adaptive", "batched", "redis");
        assertThat(RunOrder.ofRound(THREE, 2)).containsExactly("batched", "redis", "adaptive");
        assertThat(RunOrder.ofRound(THREE, 3)).containsExactly("redis", "adaptive", "batched");
        assertThat(RunOrder.ofRound(THREE, 4)).containsExactly("adaptive", "batched", "redis");
        for (int position = 0; position < THREE.size(); position++) {
            int at = position;
            assertThat(IntStream.rangeClosed(1, 3)
                            .mapToObj(round -> RunOrder.ofRound(THREE, round).get(at)))
                    .containsExactlyInAnyOrderElementsOf(THREE);
        }
        assertThatThrownBy(() -> RunOrder.ofRound(THREE, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A scenario's rounds run in that order, and the report reads each round's order back from the results. */
    @Test
    void aScenarioRunsItsRoundsInTheRotatedOrderAndTheReportSaysWhich() {
        List<String> ran = new ArrayList<>();
        Scenario scenario = new Scenario() {
            @Override
            public String describe() {
                return "three names";
            }

            @Override
            public List<String> strategies() {
                return THREE;
            }

            @Override
            public RunResult run(String strategy, int run) {
                ran.add(strategy + " #" + run);
                return measured(strategy, run);
            }
        };

        List<RunResult> results = scenario.run(THREE, 2, result -> {});

        assertThat(ran)
                .containsExactly("adaptive #1", "batched #1", "redis #1", "batched #2", "redis #2", "adaptive #2");
        assertThat(RunOrder.rounds(results))
                .containsExactly(
                        Map.entry(1, List.of("adaptive", "batched", "redis")),
                        Map.entry(2, List.of("batched", "redis", "adaptive")));
        assertThat(TextReport.comparison(results, null))
                .contains("#1 adaptive, batched, redis; #2 batched, redis, adaptive");
        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(JsonReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", results)));
        assertThat(json.path("runs").get(5).path("strategy").asString()).isEqualTo("adaptive");
        assertThat(json.path("runs").get(5).path(RunOrder.POSITION).asLong()).isEqualTo(3);
    }
}
