package dev.stampede.bench.load;

import dev.stampede.bench.http.HttpConnection;

/** What one VU does in one iteration; it records every request it makes. */
@FunctionalInterface
public interface VuScript {

    /**
     * Runs iteration {@code iteration} on VU {@code vu}.
     *
     * @param scheduledNanos when the iteration was due, on {@link System#nanoTime()}'s scale: in an open model ({@link
     *     LoadModel.ConstantArrivalRate}) its scheduled arrival, however late the runner or a thread got to it; in a
     *     closed model released at once the release for a VU's first iteration, however late its thread ran, and the
     *     end of its previous iteration for the others. A request timed from here is timed as the user feels it,
     *     without coordinated omission (wrk2's correction; Gil Tene, "How NOT to Measure Latency").
     */
    void iteration(int vu, long iteration, long scheduledNanos, HttpConnection connection, RunRecorder recorder);
}
