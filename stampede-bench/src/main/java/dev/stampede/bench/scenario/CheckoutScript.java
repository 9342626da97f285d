package dev.stampede.bench.scenario;

import dev.stampede.bench.http.HttpConnection;
import dev.stampede.bench.http.HttpConnection.HttpResponse;
import dev.stampede.bench.http.HttpRequestBytes;
import dev.stampede.bench.load.Outcome;
import dev.stampede.bench.load.RunRecorder;
import dev.stampede.bench.load.VuScript;
import dev.stampede.bench.report.CheckoutFigures;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One buyer of the {@code checkout} scenario (seed 003, challenges 2–3): {@code POST /api/checkouts} for one unit in
 * the run's mode under the buyer's own idempotency key (one per SKU: each run is a new cart), asked again with the same key after a 503 or a lost
 * connection (waiting the {@code Retry-After} second); then {@code GET /api/checkouts/{id}} every {@code pollInterval}
 * until the checkout is final. Each buyer records one result, timed from its start to its final answer: {@link
 * Outcome#SUCCESS} a final checkout (kind {@value CheckoutFigures#TO_FINAL_STATE}), {@link Outcome#SOLD_OUT} sold
 * out, {@link Outcome#BUSY} not final by the run's deadline, else an error. The HTTP requests themselves are counted
 * ({@code checkout_requests}, {@code checkout_polls}, {@code checkout_busy_retries}), not timed one by one.
 */
final class CheckoutScript implements VuScript {

    static final String REQUESTS = "checkout_requests";
    static final String POLLS = "checkout_polls";
    static final String BUSY_RETRIES = "checkout_busy_retries";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final long AMOUNT = 1999;

    private final List<URI> bases;
    private final String skuId;
    private final String mode;
    private final Duration pollInterval;
    private final long deadlineNanos;
    private final long startNanos;
    private final AtomicLong lastFinalNanos = new AtomicLong();

    /** Buyers give up when {@code deadline} (from {@code startNanos}, {@link System#nanoTime()}) has passed. */
    CheckoutScript(
            List<URI> bases, String skuId, String mode, Duration pollInterval, Duration deadline, long startNanos) {
        this.bases = List.copyOf(bases);
        this.skuId = skuId;
        this.mode = mode;
        this.pollInterval = pollInterval;
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + deadline.toNanos();
    }

    /** Milliseconds from the start to the last final state a buyer saw (0 if none). */
    long lastFinalMillis() {
        long last = lastFinalNanos.get();
        return last == 0 ? 0 : Duration.ofNanos(last - startNanos).toMillis();
    }

    @Override
    public void iteration(
            int vu, long iteration, long scheduledNanos, HttpConnection connection, RunRecorder recorder) {
        URI base = bases.get(vu % bases.size());
        String buyer = "buyer-" + vu + "-" + iteration;
        byte[] checkout = HttpRequestBytes.of(
                "POST",
                base.resolve("/api/checkouts"),
                Map.of("Content-Type", "application/json", "Idempotency-Key", "cart-" + skuId + "-" + buyer),
                "{\"skuId\":\"%s\",\"buyerId\":\"%s\",\"quantity\":1,\"payment\":{\"amount\":%d},\"mode\":\"%s\"}"
                        .formatted(skuId, buyer, AMOUNT, mode));
        JsonNode state = null;
        while (state == null && System.nanoTime() < deadlineNanos) {
            recorder.count(REQUESTS);
            HttpResponse response = exchange(connection, checkout);
            int status = response == null ? 0 : response.status();
            if (status == 202) {
                state = JSON.readTree(response.body());
            } else if (status == 409) {
                finish(recorder, scheduledNanos, Outcome.SOLD_OUT, CheckoutFigures.SOLD_OUT);
                return;
            } else if (status == 0 || status == 503) {
                recorder.count(BUSY_RETRIES);
                LockSupport.parkNanos(RETRY_AFTER.toNanos());
            } else {
                finish(recorder, scheduledNanos, Outcome.OTHER_STATUS, "checkout_status_" + status);
                return;
            }
        }
        byte[] poll = state == null
                ? null
                : HttpRequestBytes.of(
                        "GET",
                        base.resolve(
                                "/api/checkouts/" + state.path("checkoutId").asString()),
                        Map.of(),
                        null);
        while (state != null && !isFinal(state) && System.nanoTime() < deadlineNanos) {
            LockSupport.parkNanos(pollInterval.toNanos());
            recorder.count(POLLS);
            HttpResponse response = exchange(connection, poll);
            if (response != null && response.status() == 200) {
                state = JSON.readTree(response.body());
            }
        }
        if (state == null || !isFinal(state)) {
            finish(recorder, scheduledNanos, Outcome.BUSY, CheckoutFigures.UNFINISHED);
            return;
        }
        lastFinalNanos.accumulateAndGet(System.nanoTime(), Math::max);
        String ended = state.path("state").asString();
        String counter = ended.equals("confirmed")
                ? CheckoutFigures.CONFIRMED
                : ended.equals("released") && state.path("reason").asString().equals("declined")
                        ? CheckoutFigures.DECLINED
                        : CheckoutFigures.RELEASED_OTHERWISE;
        recorder.record(CheckoutFigures.TO_FINAL_STATE, Outcome.SUCCESS, System.nanoTime() - scheduledNanos);
        recorder.count(counter);
    }

    private static void finish(RunRecorder recorder, long scheduledNanos, Outcome outcome, String counter) {
        recorder.record(outcome, System.nanoTime() - scheduledNanos);
        recorder.count(counter);
    }

    /** The answer, or null when the connection failed (the service was killed, or restarting). */
    private static HttpResponse exchange(HttpConnection connection, byte[] request) {
        try {
            return connection.exchange(request);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isFinal(JsonNode checkout) {
        return switch (checkout.path("state").asString()) {
            case "confirmed", "released", "refunded" -> true;
            default -> false;
        };
    }
}
