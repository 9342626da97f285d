package dev.stampede.bench.load;

import dev.stampede.bench.http.HttpConnection;

/** What one VU does in one iteration; it records every request it makes. */
@FunctionalInterface
public interface VuScript {

    void iteration(int vu, long iteration, HttpConnection connection, RunRecorder recorder);
}
