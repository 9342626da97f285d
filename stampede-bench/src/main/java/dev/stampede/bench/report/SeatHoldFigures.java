package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import java.util.Optional;

/**
 * Seed 002's k6 metrics of a seat-holds run: the hold attempts by result, their success rate, the latency of the
 * hold ({@code lock_seats}) and release ({@code release_seats}) requests, and {@code http_req_failed}: the share of
 * all requests (listing, holding, releasing) that got no answer or an unexpected status (a 503 included).
 */
public record SeatHoldFigures(
        long success,
        long conflict,
        long error,
        LatencySummary lockSeats,
        LatencySummary releaseSeats,
        long requests,
        long failedRequests) {

    public static final String SUCCESS = "seat_lock_success";
    public static final String CONFLICT = "seat_lock_conflict";
    public static final String ERROR = "seat_lock_error";
    public static final String LOCK_SEATS = "lock_seats";
    public static final String RELEASE_SEATS = "release_seats";

    /** The figures of a run that counted hold attempts; empty for the other scenarios. */
    public static Optional<SeatHoldFigures> of(RunResult run) {
        if (!run.counters().containsKey(SUCCESS)
                && !run.counters().containsKey(CONFLICT)
                && !run.counters().containsKey(ERROR)) {
            return Optional.empty();
        }
        OutcomeCounts outcomes = run.outcomes();
        return Optional.of(new SeatHoldFigures(
                run.counters().getOrDefault(SUCCESS, 0L),
                run.counters().getOrDefault(CONFLICT, 0L),
                run.counters().getOrDefault(ERROR, 0L),
                run.latencyByKind().getOrDefault(LOCK_SEATS, LatencySummary.EMPTY),
                run.latencyByKind().getOrDefault(RELEASE_SEATS, LatencySummary.EMPTY),
                outcomes.total(),
                outcomes.soldOut() + outcomes.busy() + outcomes.errors()));
    }

    public long attempts() {
        return success + conflict + error;
    }

    /** {@code seat_lock_success_rate}: successful holds among all hold attempts, 0 to 1 (0 without attempts). */
    public double successRate() {
        return attempts() == 0 ? 0 : (double) success / attempts();
    }

    /** {@code http_req_failed}: failed requests among all requests, 0 to 1 (0 without requests). */
    public double httpReqFailed() {
        return requests == 0 ? 0 : (double) failedRequests / requests;
    }
}
