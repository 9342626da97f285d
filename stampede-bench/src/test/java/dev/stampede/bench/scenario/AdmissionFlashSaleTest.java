package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.report.AdmissionFigures;
import dev.stampede.bench.report.AnswerLatencyFigures;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.TextReport;
import dev.stampede.bench.service.LocalTargets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small flash sale (400 buyers released at once, 100 units) with admission control on and a purchase limit of one
 * in flight, through the whole bench, in process: the run reports what admission shed, how long the limiter kept
 * writes waiting, and each answer's latency apart (issue 15 item 2).
 */
class AdmissionFlashSaleTest {

    @Test
    void aSheddingRunReportsItsShedsTheLimitersWaitsAndTheLatencyOfTheBuyersLetIn() {
        RunResult run;
        try (LocalTargets targets = new LocalTargets(
                1,
                true,
                List.of(
                        "stampede.admission.enabled=true",
                        "stampede.admission.purchase-limit=1",
                        "stampede.admission.max-wait=20ms"))) {
            run = new SaleBench(targets, new ProgressBar(System.err, false), new LoadModel.PerVuIterations(400, 1), 100)
                    .run(List.of("pessimistic"), 1, result -> {})
                    .getFirst();
        }

        assertThat(run.audit().passed()).as(run.audit().problems().toString()).isTrue();
        assertThat(run.outcomes().busy())
                .as("400 buyers at once through one permit")
                .isPositive();
        AdmissionFigures admission = AdmissionFigures.of(run).orElseThrow();
        assertThat(admission.shed()).isEqualTo(run.outcomes().busy());
        assertThat(admission.waits()).isEqualTo(run.requests());
        assertThat(admission.withinMs()).containsKeys(20.0, 22.0, 40.0, 80.0);
        assertThat(AnswerLatencyFigures.of(run).orElseThrow().byAnswer()).containsKeys("success", "busy");
        assertThat(TextReport.summary(run)).contains("ADMISSION CONTROL", "http_req_duration by answer");
    }
}
