package dev.stampede.server.admission;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform thread that sheds the writes that waited too long for admission ({@link AdmissionControl#shedExpired}).
 * Not one of the service's {@code PeriodicJobs}, which run on virtual threads: in a storm every carrier thread is busy
 * with requests, and a shed that waits for one overruns its bound by as long as the storm's queue (the very fault this
 * thread exists to avoid). A platform thread is scheduled by the operating system beside the carriers.
 */
public final class AdmissionShedder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdmissionShedder.class);
    private static final Duration SHORTEST_PERIOD = Duration.ofMillis(1);
    private static final Duration LONGEST_PERIOD = Duration.ofMillis(10);

    private final ScheduledExecutorService thread;

    /** Starts shedding for {@code control} every {@link #period period(maxWait)}. */
    public AdmissionShedder(AdmissionControl control, Duration maxWait) {
        thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("stampede-admission-shedder").factory());
        long period = period(maxWait).toNanos();
        thread.scheduleWithFixedDelay(
                () -> {
                    try {
                        control.shedExpired();
                    } catch (RuntimeException e) {
                        // Logged and tried again next period: a scheduled task that throws is never run again.
                        log.error("Shedding the writes that waited too long for admission failed", e);
                    }
                },
                period,
                period,
                TimeUnit.NANOSECONDS);
    }

    /**
     * How often the expired waiters are looked for: a fiftieth of {@code maxWait}, between 1 and 10 ms. A shed write
     * waits at most about {@code maxWait} plus this.
     */
    static Duration period(Duration maxWait) {
        Duration fiftieth = maxWait.dividedBy(50);
        if (fiftieth.compareTo(SHORTEST_PERIOD) < 0) {
            return SHORTEST_PERIOD;
        }
        return fiftieth.compareTo(LONGEST_PERIOD) > 0 ? LONGEST_PERIOD : fiftieth;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
