package dev.stampede.core.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns per account for the transfers of one process: a transfer takes both of its accounts at once or waits, holding
 * neither; a pair is given out in arrival order among the waiting transfers whose two accounts are free, and the
 * oldest waiter that cannot run yet keeps its two accounts from everyone who came after it.
 *
 * <p>Why: a transfer that locks its rows in the database one at a time (lower id first) holds the first while it
 * waits for the second, so a queue on one account stops every other account it touches; and a lock wait that times out
 * sends the waiter to the back of the database's queue, behind newcomers, again and again (seed 004's shape, 10
 * accounts, 200 users, 1 s of work: 3 transfers were answered busy after 100 s and 5 clients gave up at 120 s, issue
 * 17). Taking both or neither leaves a free account to whoever can use it now (in a simulation of that shape: about 4
 * transfers/s against 1.2 for account-by-account queues in arrival order), and the oldest waiter's reservation bounds
 * every wait: once a transfer is the oldest waiter, it runs as soon as the transfers now holding its accounts end.
 * The idea is the arbitrator of Dijkstra's dining philosophers (a waiter hands out both forks or none).
 *
 * <p>It orders the transfers of this process only; across processes the database's row locks still decide.
 */
public final class AccountTurns {

    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> taken = new HashSet<>();
    private final List<Waiter> waiting = new ArrayList<>();

    /** Both accounts of a transfer, held until {@link #close}. */
    public final class Turn implements AutoCloseable {

        private final Waiter waiter;
        private boolean closed;

        private Turn(Waiter waiter) {
            this.waiter = waiter;
        }

        /** Gives both accounts back; the waiters that can now run are admitted. Closing twice does nothing. */
        @Override
        public void close() {
            lock.lock();
            try {
                if (!closed) {
                    closed = true;
                    giveBack(waiter);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private final class Waiter {
        final String first;
        final String second;
        final Condition admission = lock.newCondition();
        boolean admitted;

        Waiter(String first, String second) {
            this.first = first;
            this.second = second;
        }
    }

    /**
     * Waits until {@code first} and {@code second} are both this caller's, or until {@code deadline} has passed.
     *
     * @param first one account of the transfer
     * @param second the other account; it must differ from {@code first}
     * @param deadline when to stop waiting, in {@link System#nanoTime()} units
     * @return the turn (close it when the transfer has ended), or empty if the accounts were not free by then
     * @throws InterruptedException if the thread was interrupted while it waited (it holds no account then)
     * @throws IllegalArgumentException if the two accounts are the same
     */
    public Optional<Turn> take(String first, String second, long deadline) throws InterruptedException {
        if (first.equals(second)) {
            throw new IllegalArgumentException("a transfer needs two different accounts, got " + first + " twice");
        }
        Waiter waiter = new Waiter(first, second);
        lock.lock();
        try {
            waiting.add(waiter);
            admit();
            try {
                long left = deadline - System.nanoTime();
                while (!waiter.admitted && left > 0) {
                    left = waiter.admission.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                leave(waiter);
                throw e;
            }
            if (!waiter.admitted) {
                leave(waiter);
                return Optional.empty();
            }
            return Optional.of(new Turn(waiter));
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code waiter} out of the line, giving its accounts back if it was admitted meanwhile. */
    private void leave(Waiter waiter) {
        if (waiter.admitted) {
            giveBack(waiter);
        } else {
            waiting.remove(waiter);
            admit();
        }
    }

    private void giveBack(Waiter waiter) {
        taken.remove(waiter.first);
        taken.remove(waiter.second);
        admit();
    }

    /** Admits, in arrival order, every waiter whose accounts are neither taken nor kept for the oldest waiter. */
    private void admit() {
        Set<String> kept = Set.of();
        for (Iterator<Waiter> line = waiting.iterator(); line.hasNext(); ) {
            Waiter next = line.next();
            if (isFree(next.first, kept) && isFree(next.second, kept)) {
                taken.add(next.first);
                taken.add(next.second);
                next.admitted = true;
                next.admission.signal();
                line.remove();
            } else if (kept.isEmpty()) {
                kept = Set.of(next.first, next.second);
            }
        }
    }

    private boolean isFree(String account, Set<String> kept) {
        return !taken.contains(account) && !kept.contains(account);
    }
}
