package dev.stampede.server.admission;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform threads that shed the writes that waited too long for admission ({@link
 * AdmissionControl#shedExpired}), one per processor, each looking every {@link #period period} (staggered). Not the
 * service's {@code PeriodicJobs}, which run on virtual threads: in a storm every carrier thread is busy with requests,
 * and a shed that waits for one overruns its bound by as long as the storm's queue (the very fault these threads exist
 * to avoid). Platform threads are scheduled by the operating system beside the carriers, one each per processor, so
 * that in a storm the shedding gets about as much CPU as the serving (a flash sale sheds thousands a second).
 */
public final class AdmissionShedder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdmissionShedder.class);
    private static final Duration SHORTEST_PERIOD = Duration.ofMillis(1);
    private static final Duration LONGEST_PERIOD = Duration.ofMillis(10);

    private final ScheduledExecutorService threads;

    /** Starts shedding for {@code control} every {@link #period period(maxWait)} on {@code count} threads. */
    public AdmissionShedder(AdmissionControl control, Duration maxWait, int count) {
        threads = Executors.newScheduledThreadPool(
                count,
                Thread.ofPlatform()
                        .daemon()
                        .name("stampede-admission-shedder-", 0)
                        .factory());
        long period = period(maxWait).toNanos();
        for (int i = 0; i < count; i++) {
            threads.scheduleWithFixedDelay(
                    () -> {
                        try {
                            control.shedExpired();
                        } catch (RuntimeException e) {
                            // Logged and tried again next period: a scheduled task that throws is never run again.
                            log.error("Shedding the writes that waited too long for admission failed", e);
                        }
                    },
                    period + i * period / count,
                    period,
                    TimeUnit.NANOSECONDS);
        }
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
        threads.shutdownNow();
    }
}
