package dev.stampede.server.checkout;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.outbox.OutboxRelay;
import dev.stampede.core.outbox.OutboxSignal;
import dev.stampede.core.outbox.OutboxStore;
import dev.stampede.core.retry.RetryPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The relay's runs, as the service's periodic job {@code outbox-relay}: each run waits until this process commits
 * outbox events (the {@link OutboxSignal} its checkout store gives after each such commit) or the poll interval has
 * passed, then publishes batch after batch until one comes back short (the outbox is drained), so throughput is not
 * bounded by the poll interval, and an event committed here waits for no poll (issue 14: lag p99 ≤ 100 ms). The poll
 * is the fallback for events committed by other instances or before a restart. A run that cannot reach
 * the broker or the database throws (counted in {@code stampede_job_failures_total{job="outbox-relay"}}), and the runs
 * after it return at once until a back-off has passed: exponential from {@code backoff}'s base delay to its max, with
 * full jitter ({@link RetryPolicy#delayBefore}); the first run after it resumes where the outbox stands, so nothing is
 * lost and nothing waits longer than the back-off.
 *
 * <p>Meters: {@code stampede_outbox_published_events_total} (relay throughput), {@code stampede_outbox_lag_seconds} (the
 * age of the oldest unpublished event, as of the last run that could read it, aged by the clock since; 0 when all are
 * published).
 */
public final class OutboxRelayJob {

    private final OutboxRelay relay;
    private final OutboxStore outbox;
    private final OutboxSignal committed;
    private final Duration pollInterval;
    private final Clock clock;
    private final RetryPolicy backoff;
    private final Counter published;
    private volatile Instant oldestUnpublished;
    private Instant resumeAt = Instant.MIN;
    private int failuresInARow;

    /**
     * @param committed signalled after each commit of this process that wrote outbox events
     * @param pollInterval the longest wait for a signal before the outbox is looked at anyway
     */
    public OutboxRelayJob(
            OutboxRelay relay,
            OutboxStore outbox,
            OutboxSignal committed,
            Duration pollInterval,
            Clock clock,
            RetryPolicy backoff,
            MeterRegistry meters) {
        this.relay = relay;
        this.outbox = outbox;
        this.committed = committed;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.backoff = backoff;
        this.published = Counter.builder("stampede.outbox.published.events")
                .description("Outbox events the relay published and the broker acknowledged")
                .register(meters);
        TimeGauge.builder("stampede.outbox.lag", this, TimeUnit.MILLISECONDS, OutboxRelayJob::lagMillis)
                .description("Age of the oldest outbox event not yet published")
                .register(meters);
    }

    /**
     * One scheduled run: waits for a signal of committed events, at most the poll interval, then {@link #run}.
     *
     * @throws StoreUnavailableException as {@link #run}
     */
    public void awaitEventsThenRun() {
        try {
            committed.await(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the service is stopping
            return;
        }
        run();
    }

    /**
     * One run: nothing while backing off, else batches until the outbox is drained.
     *
     * @throws StoreUnavailableException if the broker or the database could not be reached (the back-off starts)
     */
    public void run() {
        if (clock.instant().isBefore(resumeAt)) {
            return;
        }
        try {
            int count;
            do {
                count = relay.relayOnce();
                published.increment(count);
            } while (count == relay.batchSize());
            failuresInARow = 0;
        } catch (StoreUnavailableException e) {
            failuresInARow = Math.min(failuresInARow + 1, 1_000);
            resumeAt = clock.instant().plus(backoff.delayBefore(failuresInARow, ThreadLocalRandom.current()));
            throw e;
        } finally {
            readLag();
        }
    }

    private void readLag() {
        try {
            oldestUnpublished = outbox.oldestUnpublished().orElse(null);
        } catch (StoreUnavailableException e) {
            // the database is down: the lag goes on ageing from the last event read
        }
    }

    /** Whether the runs are backing off after a failure (until {@link #run} succeeds again). */
    public boolean backingOff() {
        return clock.instant().isBefore(resumeAt);
    }

    private double lagMillis() {
        Instant oldest = oldestUnpublished;
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toMillis());
    }
}
