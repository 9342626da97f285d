package dev.stampede.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.StoreUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeriodicJobsTest {

    private static final Duration OFTEN = Duration.ofMillis(5);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private double failures(String job) {
        return meters.get("stampede.job.failures").tag("job", job).counter().count();
    }

    @Test
    void aJobRunsAgainAfterARunThatThrewAnErrorOrARuntimeException() {
        AtomicInteger runs = new AtomicInteger();
        Runnable failingTwice = () -> {
            switch (runs.incrementAndGet()) {
                case 1 -> throw new OutOfMemoryError("injected: an Error in the first run");
                case 2 -> throw new IllegalStateException("injected: a RuntimeException in the second run");
                case 3 -> throw new StoreUnavailableException("injected: the database is down", null);
                default -> {}
            }
        };

        try (PeriodicJobs jobs = new PeriodicJobs(List.of(new PeriodicJob("flaky", OFTEN, failingTwice)), meters)) {
            await().until(() -> runs.get() >= 5);
        }

        assertThat(failures("flaky")).isEqualTo(3);
    }

    @Test
    void aJobStuckInARunHoldsUpNoOtherJob() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger stuckRuns = new AtomicInteger();
        AtomicInteger otherRuns = new AtomicInteger();
        Runnable stuck = () -> {
            stuckRuns.incrementAndGet();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        try (PeriodicJobs jobs = new PeriodicJobs(
                List.of(
                        new PeriodicJob("stuck", OFTEN, stuck),
                        new PeriodicJob("other", OFTEN, otherRuns::incrementAndGet)),
                meters)) {
            await().until(() -> stuckRuns.get() == 1 && otherRuns.get() >= 20);
        }

        assertThat(stuckRuns).hasValue(1);
        assertThat(failures("other")).isZero();
    }

    @Test
    void aJobOnItsOwnPlatformThreadRunsThereWhileTheOthersRunOnVirtualThreads() {
        AtomicReference<Thread> ownRunner = new AtomicReference<>();
        AtomicReference<Thread> sharedRunner = new AtomicReference<>();

        try (PeriodicJobs jobs = new PeriodicJobs(
                List.of(
                        new PeriodicJob("relay", OFTEN, () -> ownRunner.set(Thread.currentThread()), true),
                        new PeriodicJob("sweep", OFTEN, () -> sharedRunner.set(Thread.currentThread()))),
                meters)) {
            await().until(() -> ownRunner.get() != null && sharedRunner.get() != null);
        }

        assertThat(ownRunner.get().isVirtual()).isFalse();
        assertThat(ownRunner.get().getName()).isEqualTo("stampede-job-relay");
        assertThat(sharedRunner.get().isVirtual()).isTrue();
    }
}
