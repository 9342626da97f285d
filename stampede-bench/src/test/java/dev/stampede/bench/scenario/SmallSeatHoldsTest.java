package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.report.BenchReport;
import dev.stampede.bench.report.JsonReport;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.SeatHoldFigures;
import dev.stampede.bench.service.LocalTargets;
import dev.stampede.bench.service.StampedeClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Seed 002's shape at 1/20 of its length and 10 VUs, on 2 x 5 seats, for every hold strategy, in process. */
class SmallSeatHoldsTest {

    private static final double TIME_SCALE = 0.05;

    private static LocalTargets targets;
    private static List<String> strategies;
    private static List<RunResult> runs;

    @BeforeAll
    static void runEveryStrategy() {
        targets = new LocalTargets(1, true, List.of());
        SeatHoldBench bench = new SeatHoldBench(
                targets, new ProgressBar(System.err, false), SeatHoldBench.model(10, TIME_SCALE), TIME_SCALE, 2, 5);
        strategies = bench.strategies();
        runs = bench.run(strategies, 1, run -> {});
    }

    @AfterAll
    static void stop() {
        targets.close();
    }

    @Test
    void everyHoldStrategyRunsAndPassesTheAudit() {
        assertThat(strategies).containsExactlyInAnyOrder("conditional", "pessimistic", "redis");
        assertThat(runs).extracting(RunResult::strategy).containsExactlyElementsOf(strategies);
        for (RunResult run : runs) {
            assertThat(run.audit().passed())
                    .as(run.strategy() + ": " + run.audit().problems())
                    .isTrue();
            assertThat(run.audit().sources()).containsExactly("service", "database");
            assertThat(run.audit().oversold()).as("double booked").isZero();
            assertThat(run.audit().stockLeft()).as("free seats at the end").isEqualTo(10);
        }
    }

    @Test
    void theSeedsMetricsAreConsistent() {
        for (RunResult run : runs) {
            SeatHoldFigures seats = SeatHoldFigures.of(run).orElseThrow();
            long holdRequests = run.counters().get(SeatHoldScript.HOLD_ATTEMPTS);
            assertThat(seats.success()).as(run.strategy()).isPositive();
            assertThat(seats.success() + seats.conflict() + seats.error())
                    .as(run.strategy())
                    .isEqualTo(seats.attempts())
                    .isEqualTo(holdRequests);
            assertThat(seats.error()).as(run.strategy()).isZero();
            assertThat(seats.httpReqFailed()).as(run.strategy()).isZero();
            assertThat(seats.lockSeats().p95Ms()).isPositive();
            assertThat(seats.releaseSeats().p99Ms()).isPositive();
            // every request is a listing, a hold or a release, and each granted hold was released once
            long listings = run.requests() - seats.attempts() - seats.success();
            assertThat(listings).as(run.strategy()).isGreaterThanOrEqualTo(seats.attempts());
        }
    }

    @Test
    void aSeatStillHeldAfterTheRunFailsTheAudit() throws Exception {
        StampedeClient admin = new StampedeClient(targets.baseUris().getFirst(), targets.adminToken());
        admin.createShow("audit-probe", "conditional", 2, 5);
        HttpResponse<String> hold = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(targets.baseUris().getFirst().resolve("/api/shows/audit-probe/holds"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"seatIds\":[\"A1\"],\"holderId\":\"probe\",\"ttlSeconds\":60}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(hold.statusCode()).isEqualTo(201);

        AuditVerdict verdict = new SeatHoldAuditor(admin, targets.database())
                .audit("audit-probe", "conditional", 10, 0, Duration.ZERO);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.stockLeft()).isEqualTo(9);
        assertThat(verdict.problems())
                .anySatisfy(problem -> assertThat(problem).contains("1 seats still held"))
                .anySatisfy(problem -> assertThat(problem).contains("granted 1 holds but the bench saw 0"));
    }

    @Test
    void theJsonReportCarriesTheSeedsMetricNames() {
        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(
                        JsonReport.render(new BenchReport("seat-holds", Map.of(), null, "test machine", "now", runs)));

        JsonNode metrics = json.path("runs").get(0).path("seed_metrics");
        for (String field : List.of(
                "seat_lock_success",
                "seat_lock_conflict",
                "seat_lock_error",
                "seat_lock_success_rate",
                "http_req_failed")) {
            assertThat(metrics.path(field).isNumber()).as(field).isTrue();
        }
        assertThat(metrics.path("lock_seats").path("p95").isNumber()).isTrue();
        assertThat(metrics.path("release_seats").path("p99").isNumber()).isTrue();
    }
}
