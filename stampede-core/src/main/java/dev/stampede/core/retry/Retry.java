package dev.stampede.core.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The one retry loop: runs an attempt, and while it answers {@link Attempt.Again} pauses as the {@link RetryPolicy}
 * says (exponential backoff, full jitter, a cap) and runs it again, until an attempt is {@link Attempt.Done} or the
 * budget is spent; then the caller's {@link GiveUp} answers. Attempts are numbered from 1. Retries happen outside
 * whatever the attempt opened (a transaction, a connection): an attempt must leave nothing behind when it answers
 * {@code Again}.
 *
 * <p>The budget is either the policy's {@code maxAttempts} ({@link #run}) or a deadline ({@link #runUntil}: the lease
 * locks, which wait for a lease up to a maximum time and never pause past it). An exception thrown by an attempt
 * ends the loop and reaches the caller unchanged.
 */
public final class Retry {

    /** What one attempt ended with: a result to return, or a reason another attempt might succeed. */
    public sealed interface Attempt<T> {

        /** The attempt decided; {@code value} is the answer. */
        record Done<T>(T value) implements Attempt<T> {}

        /** The attempt lost a race or found the resource busy, and left nothing behind: try again. */
        record Again<T>(String reason) implements Attempt<T> {}

        static <T> Attempt<T> done(T value) {
            return new Done<>(value);
        }

        static <T> Attempt<T> again(String reason) {
            return new Again<>(reason);
        }
    }

    /** One attempt, given its number (1 for the first). */
    @FunctionalInterface
    public interface Try<T, E extends Exception> {
        Attempt<T> attempt(int number) throws E;
    }

    /** The answer once the budget is spent: {@code attempts} were made, the last one ended for {@code reason}. */
    @FunctionalInterface
    public interface GiveUp<T> {
        T after(int attempts, String reason);
    }

    /** Waits up to {@code nanos} before the next attempt; false if the wait was interrupted (the loop gives up). */
    @FunctionalInterface
    public interface Pause {
        boolean pause(long nanos);
    }

    /** Parks the thread for the pause (an interrupt shortens it; the loop goes on). */
    public static final Pause PARK = Retry::park;

    private Retry() {}

    /**
     * Tries up to {@code policy.maxAttempts()} times, parking the thread between attempts (an interrupt shortens a
     * pause, it does not end the loop).
     */
    public static <T, E extends Exception> T run(RetryPolicy policy, Try<T, E> attempt, GiveUp<T> giveUp) throws E {
        return loop(policy, Long.MAX_VALUE, PARK, attempt, giveUp);
    }

    /**
     * Tries until {@code deadline} ({@link System#nanoTime()} units) has passed, pausing as {@code policy} says but
     * never past the deadline, with {@code pause} (which may end early, e.g. when the resource is released here); the
     * policy's attempt cap does not apply.
     */
    public static <T, E extends Exception> T runUntil(
            long deadline, RetryPolicy policy, Pause pause, Try<T, E> attempt, GiveUp<T> giveUp) throws E {
        return loop(policy, deadline, pause, attempt, giveUp);
    }

    private static <T, E extends Exception> T loop(
            RetryPolicy policy, long deadline, Pause pause, Try<T, E> attempt, GiveUp<T> giveUp) throws E {
        boolean timed = deadline != Long.MAX_VALUE;
        for (int number = 1; ; number++) {
            Attempt<T> outcome = attempt.attempt(number);
            if (outcome instanceof Attempt.Done<T>(T value)) {
                return value;
            }
            String reason = ((Attempt.Again<T>) outcome).reason();
            long left = timed ? deadline - System.nanoTime() : Long.MAX_VALUE;
            if (timed ? left <= 0 : !policy.canRetryAfter(number)) {
                return giveUp.after(number, reason);
            }
            Duration delay = policy.delayBefore(number, ThreadLocalRandom.current());
            if (!pause.pause(Math.max(1, Math.min(left, delay.toNanos())))) {
                return giveUp.after(number, "interrupted");
            }
        }
    }

    private static boolean park(long nanos) {
        LockSupport.parkNanos(nanos);
        return true;
    }
}
