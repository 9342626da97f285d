package dev.stampede.etcd;

import dev.stampede.core.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for etcd's answer to one step of a lock operation, at most the answer timeout and never past the operation's
 * own deadline, and turns every failure to get an answer into a {@link StoreUnavailableException} that names the
 * endpoints and the step.
 */
final class EtcdCalls {

    private final String endpoints;
    private final Duration answerTimeout;

    EtcdCalls(List<String> endpoints, Duration answerTimeout) {
        this.endpoints = String.join(",", endpoints);
        this.answerTimeout = answerTimeout;
    }

    /** A deadline one answer timeout from now, for operations that do not wait for another holder. */
    long deadlineForOneStep() {
        return System.nanoTime() + answerTimeout.toNanos();
    }

    /** A deadline one answer timeout after {@code wait} from now. */
    long deadlineAfter(Duration wait) {
        return deadlineForOneStep() + wait.toNanos();
    }

    /** Etcd's answer to {@code step}, waited for until {@code deadline} ({@link System#nanoTime()}) at the latest. */
    <T> T await(String step, CompletableFuture<T> answer, long deadline) {
        long timeout = Math.max(0, Math.min(answerTimeout.toNanos(), deadline - System.nanoTime()));
        try {
            return answer.get(timeout, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw unavailable(step + " got no answer within " + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms", e);
        } catch (ExecutionException e) {
            throw unavailable(step + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw unavailable(step + " was interrupted", e);
        }
    }

    StoreUnavailableException unavailable(String what, Throwable cause) {
        return new StoreUnavailableException(
                "etcd at " + endpoints + " could not decide: " + what
                        + " (is a majority of its members up and reachable?)",
                cause);
    }
}
