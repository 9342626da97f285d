package dev.stampede.devservers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Stops a server process that this JVM started when this JVM ends, however it ends: {@code kill -9} included, which
 * runs no shutdown hook. Without it an embedded PostgreSQL or Redis is re-parented to PID 1 and keeps its port and its
 * data directory, so that the next start fails ("Address already in use", a {@code postmaster.pid} lock held) or one
 * more server is leaked at each crash.
 *
 * <p>How: a POSIX shell is started with a pipe from this JVM as its standard input, and blocks in {@code read}.
 * {@link #close()} writes a line into the pipe: the shell exits and leaves the server alone (its owner has stopped it
 * the ordinary way). When this JVM dies first, the kernel closes the pipe, {@code read} meets the end of its input and
 * the shell sends the server {@code signal}. The JVM does not pass the pipe on to the other processes it starts (it
 * closes every other descriptor in a child), so the end of input comes exactly when this JVM is gone. One shell per
 * server, a few hundred kilobytes.
 *
 * <p>Limits: the signal goes to a process id. If the server died on its own and the system gave its id to a new
 * process before this JVM died, that process would get the signal; owners close the lifeline when they stop the
 * server. A {@code kill -9} of the whole process group kills the shell too, and then nothing is signalled (PostgreSQL
 * runs in a session of its own and would survive that).
 */
public final class Lifeline implements AutoCloseable {

    /** The signal that stops a server cleanly. */
    public enum Signal {
        /** SIGTERM: Redis, etcd and a JVM shut down cleanly on it. */
        TERM,
        /** SIGINT: PostgreSQL's "fast" shutdown (open transactions rolled back, a checkpoint, exit). */
        INT
    }

    private static final String SCRIPT = "read -r line || kill -s \"$1\" \"$2\"";

    private final Process shell;
    private final OutputStream pipe;

    private Lifeline(Process shell) {
        this.shell = shell;
        this.pipe = shell.getOutputStream();
    }

    /**
     * Starts watching: from now on, if this JVM ends before {@link #close()}, process {@code pid} gets {@code signal}.
     *
     * @throws UncheckedIOException if {@code /bin/sh} cannot be started
     */
    public static Lifeline watch(long pid, Signal signal) {
        ProcessBuilder builder = new ProcessBuilder(
                        "/bin/sh", "-c", SCRIPT, "stampede-lifeline", signal.name(), Long.toString(pid))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            return new Lifeline(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start /bin/sh to stop process " + pid + " with this JVM", e);
        }
    }

    /** Stops watching: the process is left alone, whenever this JVM ends. */
    @Override
    public void close() {
        try {
            pipe.write('\n');
            pipe.close();
        } catch (IOException e) {
            // the shell has gone already: there is nothing left to cancel
        }
        try {
            shell.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
