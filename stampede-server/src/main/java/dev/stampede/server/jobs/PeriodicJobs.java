package dev.stampede.server.jobs;

import dev.stampede.core.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler of the service's background work. Each {@link PeriodicJob} runs on a thread of a small pool of
 * virtual threads (or on a platform thread of its own, {@link PeriodicJob#ownPlatformThread()}) with a fixed delay
 * between the end of one run and the start of the next, so one job never runs twice at once, and a job stuck on a
 * slow database call holds up no other job. A run that throws anything, an
 * {@link Error} included, is counted ({@code stampede_job_failures_total{job}}) and logged, and the next run comes on
 * time: a scheduled task that throws is otherwise never run again ({@link ScheduledExecutorService}'s contract).
 */
public final class PeriodicJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicJobs.class);

    private final ScheduledExecutorService scheduler;
    private final List<ScheduledExecutorService> ownThreads = new ArrayList<>();

    public PeriodicJobs(List<PeriodicJob> jobs, MeterRegistry meters) {
        scheduler = Executors.newScheduledThreadPool(
                Math.max(1, jobs.size()),
                Thread.ofVirtual().name("stampede-job-", 0).factory());
        for (PeriodicJob job : jobs) {
            Run run = new Run(
                    job,
                    Counter.builder("stampede.job.failures")
                            .description("Runs of a periodic job that failed (the job runs again at its next interval)")
                            .tag("job", job.name())
                            .register(meters));
            long interval = job.interval().toNanos();
            scheduler(job).scheduleWithFixedDelay(run::once, interval, interval, TimeUnit.NANOSECONDS);
        }
    }

    private ScheduledExecutorService scheduler(PeriodicJob job) {
        if (!job.ownPlatformThread()) {
            return scheduler;
        }
        ScheduledExecutorService own = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("stampede-job-" + job.name()).factory());
        ownThreads.add(own);
        return own;
    }

    /**
     * The runs of one job. The first failure of a series is logged (with its stack trace unless the store was merely
     * unreachable), the rest of the series only counted, and the recovery logged: an outage of a minute is three log
     * lines, not sixty.
     */
    private static final class Run {

        private final PeriodicJob job;
        private final Counter failures;
        private int failuresInARow;

        Run(PeriodicJob job, Counter failures) {
            this.job = job;
            this.failures = failures;
        }

        void once() {
            try {
                job.task().run();
                if (failuresInARow > 0) {
                    log.info("Job {} ran again after {} failed runs", job.name(), failuresInARow);
                    failuresInARow = 0;
                }
            } catch (Throwable e) {
                failures.increment();
                if (failuresInARow++ > 0) {
                    return;
                }
                if (e instanceof StoreUnavailableException) {
                    log.warn(
                            "Job {} cannot reach its store; it runs again every {}: {}",
                            job.name(),
                            job.interval(),
                            e.getMessage());
                } else {
                    log.error("Job {} failed; it runs again every {}", job.name(), job.interval(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        ownThreads.forEach(ScheduledExecutorService::shutdownNow);
    }
}
