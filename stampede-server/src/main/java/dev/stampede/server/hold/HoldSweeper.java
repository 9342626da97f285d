package dev.stampede.server.hold;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sweeps expired holds in the background. Holds expire in the conditional writes anyway; this only tidies up. */
public final class HoldSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hold-sweeper").daemon().factory());

    public HoldSweeper(Holds holds, Duration interval) {
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        holds.sweep();
                    } catch (RuntimeException e) {
                        log.warn("Sweeping expired holds failed; will try again: {}", e.toString());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
