package dev.stampede.bench.load;

import dev.stampede.bench.http.HttpConnection;
import java.io.IOException;

/**
 * An iteration of one request, classified by its status; no answer at all is a network error. Its latency runs from
 * the iteration's scheduled start ({@link VuScript#iteration}), not from the moment the request was written, so that
 * time an arrival spent waiting for the runner, a thread or a connection counts as the user would feel it.
 */
public final class SingleRequestScript implements VuScript {

    /** The bytes of the request a VU sends in an iteration. */
    @FunctionalInterface
    public interface Requests {
        byte[] request(int vu, long iteration);
    }

    private final Requests requests;
    private final OutcomeMap outcomes;

    public SingleRequestScript(Requests requests, OutcomeMap outcomes) {
        this.requests = requests;
        this.outcomes = outcomes;
    }

    @Override
    public void iteration(
            int vu, long iteration, long scheduledNanos, HttpConnection connection, RunRecorder recorder) {
        byte[] request = requests.request(vu, iteration);
        Outcome outcome;
        try {
            outcome = outcomes.of(connection.exchange(request));
        } catch (IOException e) {
            outcome = Outcome.NETWORK_ERROR;
        }
        recorder.record(outcome, recorder.nanoTime() - scheduledNanos);
    }
}
