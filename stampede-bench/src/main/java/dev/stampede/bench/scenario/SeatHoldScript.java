package dev.stampede.bench.scenario;

import dev.stampede.bench.http.HttpConnection;
import dev.stampede.bench.http.HttpConnection.HttpResponse;
import dev.stampede.bench.http.HttpRequestBytes;
import dev.stampede.bench.load.Outcome;
import dev.stampede.bench.load.RunRecorder;
import dev.stampede.bench.load.VuScript;
import dev.stampede.bench.report.SeatHoldFigures;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One iteration of seed 002's k6 script: list the free seats, hold 1 to 3 of them at random; on success think 1 to
 * 4 s and release the hold; on a conflict count it; then think 0.5 to 2.5 s. Every wait is multiplied by the time
 * scale. Expected answers (200, 201, 409, 204) are {@link Outcome#SUCCESS}; 503 is busy; anything else is an error.
 * Each request is timed from its own send: the model is closed (ramping VUs), so no arrival waits to be sent.
 */
final class SeatHoldScript implements VuScript {

    static final String FREE_SEATS = "free_seats";
    /** Counted before each hold request is sent: every attempt must end in exactly one of success, conflict, error. */
    static final String HOLD_ATTEMPTS = "hold_attempts";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");

    private final List<URI> bases;
    private final String showId;
    private final double timeScale;
    private final int ttlSeconds;

    SeatHoldScript(List<URI> bases, String showId, double timeScale, int ttlSeconds) {
        this.bases = List.copyOf(bases);
        this.showId = showId;
        this.timeScale = timeScale;
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public void iteration(
            int vu, long iteration, long scheduledNanos, HttpConnection connection, RunRecorder recorder) {
        SplittableRandom random = new SplittableRandom(((long) vu << 32) ^ iteration ^ showId.hashCode());
        URI base = bases.get(vu % bases.size());
        List<String> free = freeSeats(base, connection, recorder);
        if (!free.isEmpty()) {
            List<String> wanted = pick(free, 1 + random.nextInt(3), random);
            String holder = "vu-" + vu + "-" + iteration;
            String holdId = hold(base, connection, recorder, wanted, holder);
            if (holdId != null) {
                think(1.0, 4.0, random);
                release(base, connection, recorder, holdId, holder);
            }
        }
        think(0.5, 2.5, random);
    }

    private List<String> freeSeats(URI base, HttpConnection connection, RunRecorder recorder) {
        byte[] request =
                HttpRequestBytes.of("GET", base.resolve("/api/shows/" + showId + "/seats?status=free"), Map.of(), null);
        long start = System.nanoTime();
        try {
            HttpResponse response = connection.exchange(request);
            recorder.record(FREE_SEATS, outcome(response.status(), 200), System.nanoTime() - start);
            if (response.status() != 200) {
                return List.of();
            }
            List<String> seats = new ArrayList<>();
            JSON.readTree(response.body())
                    .path("seats")
                    .forEach(seat -> seats.add(seat.path("seatId").asString()));
            return seats;
        } catch (IOException e) {
            recorder.record(FREE_SEATS, Outcome.NETWORK_ERROR, System.nanoTime() - start);
            return List.of();
        }
    }

    /** The hold's id when it was granted, else null (a conflict or an error, counted). */
    private String hold(URI base, HttpConnection connection, RunRecorder recorder, List<String> seats, String holder) {
        String body = JSON.writeValueAsString(Map.of("seatIds", seats, "holderId", holder, "ttlSeconds", ttlSeconds));
        byte[] request = HttpRequestBytes.of("POST", base.resolve("/api/shows/" + showId + "/holds"), JSON_BODY, body);
        recorder.count(HOLD_ATTEMPTS);
        long start = System.nanoTime();
        HttpResponse response;
        try {
            response = connection.exchange(request);
        } catch (IOException e) {
            recorder.record(SeatHoldFigures.LOCK_SEATS, Outcome.NETWORK_ERROR, System.nanoTime() - start);
            recorder.count(SeatHoldFigures.ERROR);
            return null;
        }
        long latency = System.nanoTime() - start;
        int status = response.status();
        recorder.record(SeatHoldFigures.LOCK_SEATS, status == 409 ? Outcome.SUCCESS : outcome(status, 201), latency);
        if (status == 201) {
            JsonNode hold = JSON.readTree(response.body());
            recorder.count(SeatHoldFigures.SUCCESS);
            return hold.path("holdId").asString();
        }
        recorder.count(status == 409 ? SeatHoldFigures.CONFLICT : SeatHoldFigures.ERROR);
        return null;
    }

    private void release(URI base, HttpConnection connection, RunRecorder recorder, String holdId, String holder) {
        byte[] request = HttpRequestBytes.of(
                "DELETE", base.resolve("/api/holds/" + holdId + "?holderId=" + holder), Map.of(), null);
        long start = System.nanoTime();
        Outcome outcome;
        try {
            outcome = outcome(connection.exchange(request).status(), 204);
        } catch (IOException e) {
            outcome = Outcome.NETWORK_ERROR;
        }
        recorder.record(SeatHoldFigures.RELEASE_SEATS, outcome, System.nanoTime() - start);
    }

    private static Outcome outcome(int status, int expected) {
        if (status == expected) {
            return Outcome.SUCCESS;
        }
        return status == 503 ? Outcome.BUSY : Outcome.OTHER_STATUS;
    }

    /** {@code count} distinct seats of {@code free} at random (all of them when there are fewer). */
    static List<String> pick(List<String> free, int count, SplittableRandom random) {
        List<String> pool = new ArrayList<>(free);
        int n = Math.min(count, pool.size());
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(pool.size() - i);
            String swap = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, swap);
        }
        return List.copyOf(pool.subList(0, n));
    }

    private void think(double minSeconds, double maxSeconds, SplittableRandom random) {
        double seconds = (minSeconds + random.nextDouble() * (maxSeconds - minSeconds)) * timeScale;
        LockSupport.parkNanos((long) (seconds * TimeUnit.SECONDS.toNanos(1)));
    }
}
