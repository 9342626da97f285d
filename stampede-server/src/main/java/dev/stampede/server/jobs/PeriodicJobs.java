package dev.stampede.server.jobs;

import dev.stampede.core.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler of the service's background work. Each {@link PeriodicJob} runs on a thread of a small pool of
 * virtual threads with a fixed delay between the end of one run and the start of the next, so one job never runs
 * twice at once, and a job stuck on a slow database call holds up no other job. A run that throws anything, an
 * {@link Error} included, is logged and counted ({@code stampede_job_failures_total{job}}), and the next run comes on
 * time: a scheduled task that throws is otherwise never run again ({@link ScheduledExecutorService}'s contract).
 */
public final class PeriodicJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicJobs.class);

    private final ScheduledExecutorService scheduler;

    public PeriodicJobs(List<PeriodicJob> jobs, MeterRegistry meters) {
        scheduler = Executors.newScheduledThreadPool(
                Math.max(1, jobs.size()),
                Thread.ofVirtual().name("stampede-job-", 0).factory());
        for (PeriodicJob job : jobs) {
            Counter failures = Counter.builder("stampede.job.failures")
                    .description("Runs of a periodic job that failed (the job runs again at its next interval)")
                    .tag("job", job.name())
                    .register(meters);
            long interval = job.interval().toNanos();
            scheduler.scheduleWithFixedDelay(() -> runOnce(job, failures), interval, interval, TimeUnit.NANOSECONDS);
        }
    }

    private static void runOnce(PeriodicJob job, Counter failures) {
        try {
            job.task().run();
        } catch (StoreUnavailableException e) {
            failures.increment();
            log.warn(
                    "Job {} could not reach its store; next run in {}: {}", job.name(), job.interval(), e.getMessage());
        } catch (Throwable e) {
            failures.increment();
            log.error("Job {} failed; next run in {}", job.name(), job.interval(), e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
