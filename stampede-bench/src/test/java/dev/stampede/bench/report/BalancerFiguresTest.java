package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import dev.stampede.devservers.LocalHaproxy.BalancerCounters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run behind a balancer reports the 503s the balancer sent of its own apart from the instances', with its failed
 * connects, retries and instances marked down; a run without one reports none.
 */
class BalancerFiguresTest {

    private static RunResult run(Map<String, Long> counters) {
        return new RunResult(
                "quota",
                1,
                400,
                new OutcomeCounts(300, 0, 100, 0, 0, 0),
                new LatencySummary(20, 1, 10, 300, 100, 150, 250),
                1.5,
                50,
                400,
                List.of(50.0),
                0,
                new AuditVerdict(true, 300L, 0L, 0, 0, List.of("service"), List.of()),
                counters,
                Map.of());
    }

    private final RunResult balanced =
            run(BalancerFigures.counters(new BalancerCounters(100, 30, 50, 20, 5, 60, 2, 900)));

    @Test
    void theBalancersOwnAnswersAreThoseTheInstancesDidNotSend() {
        BalancerCounters figures = BalancerFigures.of(balanced).orElseThrow();

        assertThat(figures.balancers5xx()).isEqualTo(70);
        assertThat(figures.servers5xx()).isEqualTo(30);
        assertThat(figures.serversMarkedDown()).isEqualTo(2);
        assertThat(figures.panicRouted()).isEqualTo(900);
    }

    @Test
    void aRunWithoutABalancerHasNoFigures() {
        assertThat(BalancerFigures.of(run(Map.of()))).isEmpty();
    }

    @Test
    void theSummaryAndTheJsonGiveTheBalancersCounters() {
        assertThat(TextReport.summary(balanced))
                .containsSubsequence(
                        "BALANCER",
                        "5xx answered by the balancer",
                        "70",
                        "5xx answered by the instances",
                        "30",
                        "given up after failed connects",
                        "50",
                        "given up with no instance free",
                        "20",
                        "retried on the same instance",
                        "5",
                        "retried on another instance",
                        "60",
                        "instances marked down",
                        "2",
                        "answered with every instance down",
                        "900");
        JsonNode balancer = JsonMapper.builder()
                .build()
                .readTree(
                        JsonReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", List.of(balanced))))
                .path("runs")
                .get(0)
                .path("balancer");

        assertThat(balancer.path("answered_5xx_by_balancer").asLong()).isEqualTo(70);
        assertThat(balancer.path("answered_5xx_by_instances").asLong()).isEqualTo(30);
        assertThat(balancer.path("given_up_after_connects").asLong()).isEqualTo(50);
        assertThat(balancer.path("given_up_without_instance").asLong()).isEqualTo(20);
        assertThat(balancer.path("retries_on_same_instance").asLong()).isEqualTo(5);
        assertThat(balancer.path("redispatches").asLong()).isEqualTo(60);
        assertThat(balancer.path("instances_marked_down").asLong()).isEqualTo(2);
        assertThat(balancer.path("answered_with_every_instance_down").asLong()).isEqualTo(900);
    }
}
