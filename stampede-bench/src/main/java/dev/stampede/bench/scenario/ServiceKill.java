package dev.stampede.bench.scenario;

import dev.stampede.bench.load.RunRecorder;
import dev.stampede.bench.report.FaultFigures;
import dev.stampede.bench.service.StampedeTargets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault {@code kill-service@AFTER}: instance 0 of the targets killed with SIGKILL ({@code kill -9}) {@code after}
 * the run's load was released, then started again at the same address ({@link StampedeTargets#killAndRestart}). Only
 * instances the bench started as child processes can be killed.
 *
 * @param after from the release of the load to the kill
 */
public record ServiceKill(Duration after) {

    /**
     * Parses {@code kill-service@5s} ({@code s} or {@code ms}).
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static ServiceKill parse(String text) {
        String prefix = "kill-service@";
        if (!text.startsWith(prefix)) {
            throw new IllegalArgumentException("unknown fault '" + text + "'; use kill-service@5s");
        }
        String at = text.substring(prefix.length());
        try {
            return new ServiceKill(
                    at.endsWith("ms")
                            ? Duration.ofMillis(Long.parseLong(at.substring(0, at.length() - 2)))
                            : Duration.ofSeconds(Long.parseLong(at.substring(0, at.length() - 1))));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("bad fault time '" + at + "'; use kill-service@5s or @500ms");
        }
    }

    /** The fault as {@link #parse} reads it, in milliseconds: {@code kill-service@1000ms}. */
    public String describe() {
        return "kill-service@" + after.toMillis() + "ms";
    }

    /**
     * Starts the kill on a thread of its own: it waits for {@code recorder}'s load to be released, then {@link #after},
     * then has {@code recorder} watch for the next success and kills and restarts the instance.
     */
    Killing start(StampedeTargets targets, RunRecorder recorder) {
        return new Killing(targets, recorder);
    }

    /** A kill under way; {@link #await} waits for the instance to serve again. */
    final class Killing {

        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final RunRecorder recorder;
        private final Thread thread;
        private volatile long killedAtMillis = -1;
        private volatile long restartMillis = -1;

        private Killing(StampedeTargets targets, RunRecorder recorder) {
            this.recorder = recorder;
            // A platform thread: the load's virtual threads must not delay the kill (a virtual one struck 12 s late).
            this.thread = Thread.ofPlatform().daemon().name("kill-service").start(() -> {
                try {
                    recorder.awaitStart();
                    Thread.sleep(after);
                    recorder.watchForSuccess();
                    killedAtMillis = Math.round(recorder.secondsSinceStart() * 1000);
                    long killed = System.nanoTime();
                    targets.killAndRestart(0);
                    restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
        }

        /**
         * Waits until the killed instance serves again, then answers the fault's figures ({@link FaultFigures}) as
         * counters: when it struck, how long the instance took to serve again, and how long after the kill the load
         * recorded its next success (-1: none).
         *
         * @throws RuntimeException what the kill or the restart threw (e.g. an instance in this JVM cannot be killed)
         */
        Map<String, Long> await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            return Map.of(
                    FaultFigures.KILL_AFTER_MS,
                    after.toMillis(),
                    FaultFigures.KILLED_AT_MS,
                    killedAtMillis,
                    FaultFigures.RESTART_MS,
                    restartMillis,
                    FaultFigures.NEXT_SALE_MS,
                    recorder.nanosToFirstWatchedSuccess().stream()
                            .map(TimeUnit.NANOSECONDS::toMillis)
                            .findFirst()
                            .orElse(-1L));
        }
    }
}
