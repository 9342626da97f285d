package dev.stampede.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeatHoldFiguresTest {

    private static final LatencySummary LOCK = new LatencySummary(3, 1, 2, 40, 5, 6, 9);
    private static final LatencySummary RELEASE = new LatencySummary(2, 1, 2, 20, 3, 4, 7);

    @Test
    void theSeedsRatesFollowFromTheCounts() {
        RunResult run = run(Map.of("seat_lock_success", 1538L, "seat_lock_conflict", 415L, "seat_lock_error", 47L));

        SeatHoldFigures seats = SeatHoldFigures.of(run).orElseThrow();

        assertThat(seats.attempts()).isEqualTo(2000);
        assertThat(seats.successRate()).isCloseTo(0.769, within(1e-9));
        assertThat(seats.lockSeats()).isEqualTo(LOCK);
        assertThat(seats.releaseSeats()).isEqualTo(RELEASE);
        // busy 30 + other status 10 + network errors 10 out of 5,050 requests
        assertThat(seats.failedRequests()).isEqualTo(50);
        assertThat(seats.httpReqFailed()).isCloseTo(50.0 / 5050, within(1e-12));
    }

    @Test
    void aMissingCounterIsZero() {
        SeatHoldFigures seats =
                SeatHoldFigures.of(run(Map.of("seat_lock_conflict", 3L))).orElseThrow();

        assertThat(seats.success()).isZero();
        assertThat(seats.error()).isZero();
        assertThat(seats.successRate()).isZero();
    }

    @Test
    void noAttemptsAndNoRequestsGiveZeroRatesNotNaN() {
        RunResult empty = run(new OutcomeCounts(0, 0, 0, 0, 0, 0), Map.of("seat_lock_success", 0L), Map.of());

        SeatHoldFigures seats = SeatHoldFigures.of(empty).orElseThrow();

        assertThat(seats.successRate()).isZero();
        assertThat(seats.httpReqFailed()).isZero();
        assertThat(seats.lockSeats()).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void aRunOfAnotherScenarioHasNoSeatFigures() {
        RunResult sale = run(new OutcomeCounts(1, 0, 0, 0, 0, 0), Map.of(), Map.of());

        assertThat(SeatHoldFigures.of(sale)).isEmpty();
        assertThat(TextReport.summary(sale)).doesNotContain("seat_lock");
        assertThat(TextReport.comparison(List.of(sale), null)).doesNotContain("seed 002");
        assertThat(JsonReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", List.of(sale))))
                .doesNotContain("seed_metrics");
        assertThat(HtmlReport.render(new BenchReport("flash-sale", Map.of(), null, "m", "now", List.of(sale))))
                .doesNotContain("seat_lock");
    }

    @Test
    void everyReportShowsTheSeedsMetricNames() {
        RunResult run = run(Map.of("seat_lock_success", 8L, "seat_lock_conflict", 2L));
        BenchReport report = new BenchReport("seat-holds", Map.of(), null, "m", "now", List.of(run));

        for (String text : List.of(
                TextReport.summary(run),
                TextReport.comparison(List.of(run), null),
                JsonReport.render(report),
                HtmlReport.render(report))) {
            assertThat(text).contains("seat_lock_success", "seat_lock_conflict", "seat_lock_error");
            assertThat(text).contains("success_rate", "http_req_failed");
        }
        assertThat(TextReport.summary(run)).contains("80.00% 8 out of 10", "lock_seats", "release_seats");
        assertThat(TextReport.comparison(List.of(run), null)).contains("seed 002 metrics", "80.00%");
    }

    private static RunResult run(Map<String, Long> counters) {
        return run(
                new OutcomeCounts(5000, 0, 30, 0, 10, 10),
                counters,
                Map.of("lock_seats", LOCK, "release_seats", RELEASE));
    }

    private static RunResult run(
            OutcomeCounts outcomes, Map<String, Long> counters, Map<String, LatencySummary> latencyByKind) {
        return new RunResult(
                "conditional",
                1,
                outcomes.total(),
                outcomes,
                LOCK,
                10,
                505,
                100,
                List.of(),
                0,
                new AuditVerdict(true, 0L, 0L, 200, 200, List.of("service"), List.of()),
                counters,
                latencyByKind);
    }
}
