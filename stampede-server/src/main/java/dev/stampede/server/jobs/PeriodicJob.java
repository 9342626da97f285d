package dev.stampede.server.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * Background work the service repeats: {@code task} runs every {@code interval}, counted from the end of its previous
 * run. Declared as a bean; {@link PeriodicJobs} runs every one of them.
 *
 * @param name a short name for logs and the {@code job} tag of the metrics
 */
public record PeriodicJob(String name, Duration interval, Runnable task) {

    public PeriodicJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        if (interval == null || interval.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "the interval of job " + name + " must be at least 1ms, was " + interval);
        }
    }
}
