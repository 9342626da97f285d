package dev.stampede.server.admission;

import jakarta.servlet.AsyncContext;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writes of one admission partition waiting for a permit, each suspended by the servlet container's asynchronous
 * processing ({@link AsyncContext}), so that a waiting write holds no thread. The newest is admitted first and the
 * oldest is shed first (adaptive LIFO and CoDel's "shed what already waited longer than a target", as in Facebook's
 * "Fail at Scale", ACM Queue 13(8), 2015).
 *
 * <p>Why not Netflix concurrency-limits' {@code LifoBlockingLimiter}: it parks the waiting request's thread and the
 * thread times itself out. On a virtual thread whose timeout has fired, the shed still waits for a carrier, behind
 * every other runnable request: in a flash sale on this machine's two cores most waits overran a 1 s bound, some by
 * 3 s (docs/performance.md, "Admission control, measured with its own meters"). Here a waiter needs no thread to be
 * shed: one platform thread answers the expired ones ({@link AdmissionControl#shedExpired}).
 *
 * <p>Whoever takes a waiter out of the deque owns it: the write that releases a permit (to admit it), the shedder (to
 * answer it 503), or the container's error callback (the buyer went away). Each takes it at most once.
 */
final class AdmissionBacklog {

    /**
     * One suspended write.
     *
     * @param context its asynchronous context, started with the request and response as the filter saw them (so the
     *     wrappers of the filters before it, such as the body-size limit, stay in force after it is admitted)
     * @param askedNanos when it asked for a permit, on {@link AdmissionControl}'s clock, in nanoseconds
     */
    record Waiter(AsyncContext context, long askedNanos) {}

    private final ConcurrentLinkedDeque<Waiter> waiters = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    /** {@code capacity}: the most writes waiting at once, at least 0. */
    AdmissionBacklog(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Reserves a place for one more waiter, to be filled by {@link #add}; false (nothing reserved) when the backlog is
     * full, and the write is to be shed at once.
     */
    boolean reserve() {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Fills a place {@link #reserve} gave: the waiter becomes the newest. */
    void add(Waiter waiter) {
        waiters.addFirst(waiter);
    }

    /** Gives back a place {@link #reserve} gave that will not be filled. */
    void unreserve() {
        size.decrementAndGet();
    }

    /** Writes waiting (or about to: reserved) now. */
    int size() {
        return size.get();
    }

    /** Takes the newest waiter, or null if none. */
    Waiter takeNewest() {
        return counted(waiters.pollFirst());
    }

    /**
     * Takes the oldest waiter if it asked for its permit at least {@code maxWaitNanos} before {@code nowNanos}, else
     * null.
     */
    Waiter takeExpired(long nowNanos, long maxWaitNanos) {
        Waiter oldest = waiters.peekLast();
        if (oldest == null || nowNanos - oldest.askedNanos() < maxWaitNanos) {
            return null;
        }
        return waiters.removeLastOccurrence(oldest) ? counted(oldest) : null;
    }

    /** Takes {@code waiter} out if it is still waiting; true if this call took it. */
    boolean take(Waiter waiter) {
        return counted(waiters.removeLastOccurrence(waiter) ? waiter : null) != null;
    }

    private Waiter counted(Waiter taken) {
        if (taken != null) {
            size.decrementAndGet();
        }
        return taken;
    }
}
