package dev.stampede.core.batch;

import dev.stampede.core.OutcomeUnknownException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Group commit (DeWitt et al., "Implementation Techniques for Main Memory Database Systems", SIGMOD 1984): callers of
 * one key queue up, and one writer per key commits them in batches, each caller waiting for its own answer. Callers are
 * served in arrival order.
 *
 * <p>What it promises:
 *
 * <ul>
 *   <li>A caller waits at most {@code maxWait} for its turn: one still queued then withdraws, answered {@link
 *       Refusals#noTurn} (nothing was committed for it); one whose batch is being committed waits for that commit at
 *       most {@code maxWait} more, and then gets an {@link OutcomeUnknownException}, since the batch may still commit.
 *   <li>A key's queue holds at most {@code queueCapacity} callers; one more is answered {@link Refusals#full} at once.
 *       Queues grow as callers arrive, not before.
 *   <li>A writer exists only while its key has callers waiting: it starts with the first and ends when its queue is
 *       empty, so no thread or queue is left behind for a key nobody uses. It is a platform thread: the key's whole
 *       queue waits on it, and a virtual one waits for a carrier after every database round trip, behind every request
 *       of a burst (a checkout reservation batch took 0.4–1.3 s to commit so on 2 cores; issue 14, docs/performance.md,
 *       "Stop 28: where the event lag was").
 *   <li>A writer answers every batch whatever is thrown while it commits (an {@link Error} included: {@link
 *       Refusals#failed} for every member) and goes on with the next.
 *   <li>One member never fails a batch: when the {@link Committer} throws (other than {@link OutcomeUnknownException}),
 *       the batch's halves are committed apart, down to the one member that fails, which alone is answered {@link
 *       Refusals#failed}. An {@link OutcomeUnknownException} is handed to every member of the
 *       batch: committing any again could commit it twice.
 *   <li>After {@link #close()} every caller, waiting or arriving, is answered {@link Refusals#closed}.
 * </ul>
 *
 * @param <K> what callers are grouped by (one writer, one queue per key)
 * @param <T> a caller's request
 * @param <R> a caller's answer
 */
public final class GroupCommit<K, T, R> implements AutoCloseable {

    /** Commits one batch. */
    @FunctionalInterface
    public interface Committer<K, T, R> {

        /**
         * Commits the members (all of {@code key}, at most {@code maxBatchSize}, in arrival order) and answers one
         * result per member, in order; a {@code null} result leaves its member to be committed again, with the other
         * {@code null} ones, right after (e.g. the members that a refused one forced to roll back). Throws {@link
         * OutcomeUnknownException} when the batch may or may not have committed, anything else when it did not.
         */
        List<R> commit(K key, List<T> members) throws Exception;
    }

    /** The answers the queue gives by itself. */
    public interface Refusals<R> {

        /** The key's queue is full; nothing was done. */
        R full();

        /** The queue is closed; nothing was done. */
        R closed();

        /** No turn came within {@code waited}; nothing was done. */
        R noTurn(Duration waited);

        /**
         * This member could not be committed (alone, or with its whole batch after an {@link Error}); the place to log
         * {@code cause}, which must not reach the caller's client.
         */
        R failed(Throwable cause);
    }

    private final String name;
    private final int queueCapacity;
    private final int maxBatchSize;
    private final Duration maxWait;
    private final Committer<K, T, R> committer;
    private final Refusals<R> refusals;
    private final IntConsumer batchSizes;
    private final ConcurrentMap<K, Writer> writers = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param name names the writers' threads ({@code name-key})
     * @param queueCapacity callers one key's queue holds, at least 1
     * @param maxBatchSize members of one batch at most, at least 1
     * @param maxWait the longest wait for a turn, and then for a batch's commit
     * @param batchSizes told the size of each batch before it is committed (a meter)
     */
    public GroupCommit(
            String name,
            int queueCapacity,
            int maxBatchSize,
            Duration maxWait,
            Committer<K, T, R> committer,
            Refusals<R> refusals,
            IntConsumer batchSizes) {
        if (queueCapacity < 1 || maxBatchSize < 1) {
            throw new IllegalArgumentException(
                    "queue capacity and batch size must be at least 1, were " + queueCapacity + ", " + maxBatchSize);
        }
        this.name = name;
        this.queueCapacity = queueCapacity;
        this.maxBatchSize = maxBatchSize;
        this.maxWait = maxWait;
        this.committer = committer;
        this.refusals = refusals;
        this.batchSizes = batchSizes;
    }

    /**
     * Queues the request under its key and waits for its answer (see the class: at most {@code maxWait} for a turn and
     * {@code maxWait} more for its batch's commit).
     *
     * @throws OutcomeUnknownException if its batch may or may not have committed
     */
    public R submit(K key, T request) {
        Pending pending = new Pending(request);
        while (true) {
            Writer writer = writers.computeIfAbsent(key, Writer::new);
            switch (writer.offer(pending)) {
                case QUEUED -> {
                    return pending.await();
                }
                case FULL -> {
                    return refusals.full();
                }
                case CLOSED -> {
                    return refusals.closed();
                }
                case RETIRED -> {
                    // that writer ended after its last caller; the next offer finds or starts a new one
                }
            }
        }
    }

    /** Callers waiting for their turn now, all keys together. */
    public int queued() {
        return queued.get();
    }

    /** Writers alive now: one per key with callers waiting or a batch being committed. */
    public int writers() {
        return writers.size();
    }

    /** Answers {@link Refusals#closed} to every caller still queued and to every caller who comes later. */
    @Override
    public void close() {
        closed = true;
        writers.values().forEach(Writer::refuseQueued);
    }

    private enum Offer {
        QUEUED,
        FULL,
        CLOSED,
        RETIRED
    }

    /** A caller in a queue: taken by its writer for a batch, or withdrawn by the caller when its wait ran out. */
    private final class Pending {

        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;

        final T request;
        final CompletableFuture<R> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Pending(T request) {
            this.request = request;
        }

        /** The writer takes this caller into a batch; false if the caller has withdrawn. */
        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        R await() {
            try {
                return answerWithin(maxWait);
            } catch (TimeoutException e) {
                if (state.compareAndSet(QUEUED, WITHDRAWN)) {
                    return refusals.noTurn(maxWait);
                }
                try {
                    return answerWithin(maxWait);
                } catch (TimeoutException again) {
                    // Taken into a batch that is still being committed: it may yet commit this caller's request.
                    throw new OutcomeUnknownException(
                            "the batch of this request did not commit within " + maxWait.multipliedBy(2)
                                    + " and may still commit",
                            again);
                }
            }
        }

        private R answerWithin(Duration wait) throws TimeoutException {
            try {
                return result.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof OutcomeUnknownException unknown) {
                    throw unknown;
                }
                throw new IllegalStateException("the batch of this request failed", e.getCause());
            }
        }
    }

    /** The queue of one key and the thread that drains it, while there is anything to drain. */
    private final class Writer {

        private final K key;
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private boolean draining;
        private boolean retired;

        Writer(K key) {
            this.key = key;
        }

        Offer offer(Pending pending) {
            lock.lock();
            try {
                if (retired) {
                    return Offer.RETIRED;
                }
                if (closed) {
                    return Offer.CLOSED;
                }
                if (queue.size() >= queueCapacity) {
                    return Offer.FULL;
                }
                queue.add(pending);
                queued.incrementAndGet();
                if (!draining) {
                    draining = true;
                    Thread.ofPlatform().daemon().name(name + "-" + key).start(this::drain);
                }
                return Offer.QUEUED;
            } finally {
                lock.unlock();
            }
        }

        void refuseQueued() {
            lock.lock();
            try {
                for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
                    queued.decrementAndGet();
                    if (pending.take()) {
                        pending.result.complete(refusals.closed());
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        private void drain() {
            for (List<Pending> batch = nextBatch(); batch != null; batch = nextBatch()) {
                batchSizes.accept(batch.size());
                try {
                    settle(batch);
                } catch (Throwable e) {
                    batch.forEach(pending -> pending.result.complete(refusals.failed(e)));
                }
            }
        }

        /** Up to {@code maxBatchSize} callers in arrival order; null (and this writer retires) when none is left. */
        private List<Pending> nextBatch() {
            lock.lock();
            try {
                List<Pending> batch = new ArrayList<>(Math.min(maxBatchSize, queue.size()));
                while (batch.size() < maxBatchSize && !queue.isEmpty()) {
                    Pending pending = queue.poll();
                    queued.decrementAndGet();
                    if (pending.take()) {
                        batch.add(pending);
                    }
                }
                if (batch.isEmpty()) {
                    draining = false;
                    retired = true;
                    writers.remove(key, this);
                    return null;
                }
                return batch;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Commits the batch and answers each member; the members left unanswered are committed again. A failure that
         * is not an unknown outcome is narrowed down by committing the batch's halves apart.
         */
        private void settle(List<Pending> batch) {
            List<R> results;
            try {
                results = committer.commit(
                        key, batch.stream().map(pending -> pending.request).toList());
            } catch (OutcomeUnknownException e) {
                batch.forEach(pending -> pending.result.completeExceptionally(e));
                return;
            } catch (Exception e) {
                isolate(batch, e);
                return;
            }
            if (results.size() != batch.size()) {
                throw new IllegalStateException(
                        "a batch of " + batch.size() + " was answered with " + results.size() + " results");
            }
            List<Pending> unanswered = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) == null) {
                    unanswered.add(batch.get(i));
                } else {
                    batch.get(i).result.complete(results.get(i));
                }
            }
            if (!unanswered.isEmpty()) {
                settle(unanswered);
            }
        }

        private void isolate(List<Pending> batch, Exception failure) {
            if (batch.size() == 1) {
                batch.getFirst().result.complete(refusals.failed(failure));
                return;
            }
            int half = batch.size() / 2;
            settle(batch.subList(0, half));
            settle(batch.subList(half, batch.size()));
        }
    }
}
