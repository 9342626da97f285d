package dev.stampede.server.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * Background work the service repeats: {@code task} runs every {@code interval}, counted from the end of its previous
 * run. Declared as a bean; {@link PeriodicJobs} runs every one of them.
 *
 * @param name a short name for logs and the {@code job} tag of the metrics
 * @param ownPlatformThread whether the job runs on a platform thread of its own rather than on the shared virtual
 *     threads: for a job that must keep pace while a storm of requests holds every carrier thread. A virtual thread
 *     waits for a carrier each time it resumes (after every database round trip or broker acknowledgement), and in a
 *     checkout burst the outbox relay spent 0.5–3 s per batch waiting so (issue 14, docs/performance.md, "Stop 28:
 *     where the event lag was")
 */
public record PeriodicJob(String name, Duration interval, Runnable task, boolean ownPlatformThread) {

    /** A job on the shared virtual threads. */
    public PeriodicJob(String name, Duration interval, Runnable task) {
        this(name, interval, task, false);
    }

    public PeriodicJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        if (interval == null || interval.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "the interval of job " + name + " must be at least 1ms, was " + interval);
        }
    }
}
