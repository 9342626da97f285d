package dev.stampede.devservers;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** How the servers started here are stopped: by their own process id, never by name. */
final class ServerProcesses {

    private ServerProcesses() {}

    /**
     * Sends {@code process} SIGTERM and waits up to {@code grace} for it to end; then SIGKILL, and as long again. An
     * interrupt kills it at once (the interrupt flag is kept).
     */
    static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
