package dev.stampede.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunRecorderTest {

    @Test
    void aRequestOfANamedKindCountsInTheRunAndInItsKind() {
        RunRecorder recorder = new RunRecorder(100);

        recorder.record("lock_seats", Outcome.SUCCESS, TimeUnit.MILLISECONDS.toNanos(4));
        recorder.record("lock_seats", Outcome.SUCCESS, TimeUnit.MILLISECONDS.toNanos(8));
        recorder.record("release_seats", Outcome.OTHER_STATUS, TimeUnit.MILLISECONDS.toNanos(2));
        recorder.record(Outcome.SUCCESS, TimeUnit.MILLISECONDS.toNanos(1));

        assertThat(recorder.completed()).isEqualTo(4);
        assertThat(recorder.outcomes().otherStatus()).isEqualTo(1);
        assertThat(recorder.latencyByKind()).containsOnlyKeys("lock_seats", "release_seats");
        assertThat(recorder.latencyByKind().get("lock_seats").maxMs()).isBetween(7.9, 8.1);
        assertThat(recorder.latencyByKind().get("release_seats").p99Ms()).isBetween(1.9, 2.1);
        assertThat(recorder.latency().maxMs()).isBetween(7.9, 8.1);
    }

    @Test
    void eachAnswerKeepsItsOwnLatencySoASlowSaleIsNotHiddenByFastShedAnswers() {
        RunRecorder recorder = new RunRecorder(100);
        for (int i = 0; i < 99; i++) {
            recorder.record(Outcome.BUSY, TimeUnit.MILLISECONDS.toNanos(5));
        }
        recorder.record(Outcome.SUCCESS, TimeUnit.MILLISECONDS.toNanos(900));
        recorder.record(Outcome.SOLD_OUT, TimeUnit.MILLISECONDS.toNanos(40));

        assertThat(recorder.latencyByOutcome()).containsOnlyKeys(Outcome.SUCCESS, Outcome.SOLD_OUT, Outcome.BUSY);
        assertThat(recorder.latencyByOutcome().get(Outcome.SUCCESS).p99Ms()).isBetween(899.0, 901.0);
        assertThat(recorder.latencyByOutcome().get(Outcome.SOLD_OUT).p99Ms()).isBetween(39.9, 40.1);
        assertThat(recorder.latencyByOutcome().get(Outcome.BUSY).p99Ms()).isBetween(4.9, 5.1);
        assertThat(recorder.latency().medMs()).isBetween(4.9, 5.1);
    }

    @Test
    void onlyASuccessRecordedAfterTheWatchBeganIsTheFirstWatchedSuccess() {
        RunRecorder recorder = new RunRecorder(100);
        recorder.record(Outcome.SUCCESS, 1);
        assertThat(recorder.nanosToFirstWatchedSuccess()).isEmpty();

        recorder.watchForSuccess();
        recorder.record(Outcome.OUTCOME_UNKNOWN, 1);
        recorder.record(Outcome.NETWORK_ERROR, 1);
        assertThat(recorder.nanosToFirstWatchedSuccess()).isEmpty();
        recorder.record(Outcome.SUCCESS, 1);
        long first = recorder.nanosToFirstWatchedSuccess().orElseThrow();
        recorder.record(Outcome.SUCCESS, 1);

        assertThat(first).isNotNegative();
        assertThat(recorder.nanosToFirstWatchedSuccess()).hasValue(first);
    }

    @Test
    void namedCountersCountEachEvent() {
        RunRecorder recorder = new RunRecorder(100);

        recorder.count("seat_lock_success");
        recorder.count("seat_lock_success");
        recorder.count("seat_lock_conflict");

        assertThat(recorder.counters())
                .containsExactly(
                        java.util.Map.entry("seat_lock_conflict", 1L), java.util.Map.entry("seat_lock_success", 2L));
        assertThat(recorder.completed()).isZero();
    }

    @Test
    void aRunWithoutKindsOrCountersHasNone() {
        RunRecorder recorder = new RunRecorder(100);

        recorder.record(Outcome.SUCCESS, 1000);

        assertThat(recorder.counters()).isEmpty();
        assertThat(recorder.latencyByKind()).isEmpty();
    }

    @Test
    void aLoadNotReleasedAtOnceHasNoStartSpread() {
        RunRecorder recorder = new RunRecorder(100);

        recorder.start();
        recorder.record(Outcome.SUCCESS, 1000);

        assertThat(recorder.startSpread()).isEqualTo(LatencySummary.EMPTY);
    }

    /** Connections opened before the release cost CPU too, but not inside the wall: the load's CPU runs from the release. */
    @Test
    void theLoadsCpuTimeRunsFromTheRelease() {
        AtomicLong cpu = new AtomicLong(TimeUnit.SECONDS.toNanos(5));
        RunRecorder recorder = new RunRecorder(100, System::nanoTime, cpu::get);
        cpu.addAndGet(TimeUnit.MILLISECONDS.toNanos(800));

        recorder.start();
        cpu.addAndGet(TimeUnit.MILLISECONDS.toNanos(300));

        assertThat(recorder.cpuNanosSinceStart()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }
}
