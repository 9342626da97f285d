package dev.stampede.bench.report;

import dev.stampede.bench.load.OutcomeCounts;
import dev.stampede.bench.load.RunRecorder;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A one-line progress bar on the terminal while a run is under way; silent when disabled. */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean enabled;

    public ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** Redraws the bar until the returned handle is closed; {@code expected} 0 means unknown. */
    public AutoCloseable show(String label, RunRecorder recorder, long expected) {
        if (!enabled) {
            return () -> {};
        }
        Thread painter = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                paint(label, recorder, expected);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            }
        });
        return () -> {
            painter.interrupt();
            painter.join();
            paint(label, recorder, expected);
            out.println();
        };
    }

    private void paint(String label, RunRecorder recorder, long expected) {
        OutcomeCounts counts = recorder.outcomes();
        long done = counts.total();
        int filled = expected > 0 ? (int) Math.min(WIDTH, done * WIDTH / expected) : 0;
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" : "") + " ".repeat(Math.max(0, WIDTH - filled - 1));
        out.printf(
                "\r%-24s [%s] %,d%s  %5.1fs  ok %,d  sold_out %,d  busy %,d  unknown %,d  err %,d ",
                label,
                bar,
                done,
                expected > 0 ? "/%,d".formatted(expected) : "",
                recorder.secondsSinceStart(),
                counts.success(),
                counts.soldOut(),
                counts.busy(),
                counts.outcomeUnknown(),
                counts.errors());
        out.flush();
    }
}
