package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.report.AdaptiveSwitchFigures;
import dev.stampede.bench.report.BenchReport;
import dev.stampede.bench.report.HtmlReport;
import dev.stampede.bench.report.JsonReport;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.TextReport;
import dev.stampede.bench.service.LocalTargets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sales spread over several SKUs ({@code --skus}) and the adaptive strategy's switches, through the whole bench. */
class SpreadSaleTest {

    private static final LoadModel HERD = new LoadModel.PerVuIterations(500, 1);
    private static final ProgressBar QUIET = new ProgressBar(System.err, false);

    private static LocalTargets targets;

    @BeforeAll
    static void start() {
        targets = new LocalTargets(1, true, List.of());
    }

    @AfterAll
    static void stop() {
        targets.close();
    }

    @Test
    void buyersSpreadRoundRobinOverTenSkusSellOutEverySkuAndTheAuditPassesPerSkuAndInTotal() {
        // 200 units over 10 SKUs (20 each), 500 buyers round-robin (50 each): every SKU sells out only if every SKU
        // gets its share of the buyers.
        List<RunResult> runs = new SaleBench(targets, QUIET, HERD, 200, 10).run(List.of("conditional"), 1, run -> {});

        RunResult run = runs.getFirst();
        assertThat(run.audit().passed()).as(run.audit().problems().toString()).isTrue();
        assertThat(run.audit().sources()).containsExactly("service", "database");
        assertThat(run.outcomes().success()).isEqualTo(200);
        assertThat(run.outcomes().soldOut() + run.outcomes().busy()).isEqualTo(300);
        assertThat(run.audit().orders()).isEqualTo(200);
        assertThat(run.audit().initialStock()).isEqualTo(200);
        assertThat(run.audit().stockLeft()).isZero();
        assertThat(AdaptiveSwitchFigures.of(run)).isEmpty();
    }

    @Test
    void anOversellOnASpreadSaleIsNamedByItsSku() {
        List<RunResult> runs = new SaleBench(targets, QUIET, HERD, 200, 2).run(List.of("unsafe"), 1, run -> {});

        RunResult unsafe = runs.getFirst();
        assertThat(unsafe.audit().passed()).isFalse();
        assertThat(unsafe.audit().oversold()).isPositive();
        assertThat(unsafe.audit().problems())
                .anySatisfy(problem -> assertThat(problem).matches("SKU bench-unsafe-[0-9a-f-]+-[01]: .*"));
    }

    @Test
    void anAdaptiveRunCountsTheEscalationOfItsHotSkuInEveryReport() {
        List<RunResult> runs = new SaleBench(targets, QUIET, HERD, 200).run(List.of("adaptive"), 1, run -> {});

        RunResult adaptive = runs.getFirst();
        assertThat(adaptive.audit().passed())
                .as(adaptive.audit().problems().toString())
                .isTrue();
        AdaptiveSwitchFigures switches = AdaptiveSwitchFigures.of(adaptive).orElseThrow();
        assertThat(switches.escalated()).isEqualTo(1);
        assertThat(switches.steppedDown()).isZero();

        assertThat(TextReport.summary(adaptive))
                .contains("ADAPTIVE SWITCHES")
                .containsPattern("escalated to batched\\W+1\\b");
        assertThat(TextReport.comparison(runs, null)).contains("\nadaptive #1 switches: escalated 1, stepped down 0\n");
        BenchReport report = new BenchReport("flash-sale", Map.of("stock", 200), null, "test machine", "now", runs);
        JsonNode json = JsonMapper.builder().build().readTree(JsonReport.render(report));
        JsonNode counted = json.path("runs").get(0).path("adaptive_switches");
        assertThat(counted.path("escalate").asLong()).isEqualTo(1);
        assertThat(counted.path("step_down").asLong()).isZero();
        assertThat(HtmlReport.render(report)).contains("<h2>Adaptive switches</h2>");
    }

    @Test
    void moreSkusThanUnitsIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> new SaleBench(targets, QUIET, HERD, 5, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--skus");
    }
}
