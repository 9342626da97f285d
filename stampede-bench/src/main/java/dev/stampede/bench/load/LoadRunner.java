package dev.stampede.bench.load;

import dev.stampede.bench.http.HttpConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a {@link LoadModel} with virtual threads, one connection per VU; VU {@code i} talks to target {@code i mod
 * n} (round-robin over instances). In the open model each iteration is handed its scheduled arrival ({@code start +
 * n / rate}), so that a late scheduler or a thread that waited for a core is counted in its latency; an arrival that
 * finds every VU busy is dropped and counted (k6's {@code dropped_iterations}), never delayed until one is free. In
 * the open model each arrival's time from its scheduled arrival is also kept apart by whether its VU had to open a
 * connection for it ({@link RunRecorder#arrivalEnded}): a VU is created, and connects, only when an arrival finds
 * every other VU busy, as an arriving buyer would connect. In
 * the closed model released at once ({@link LoadModel.PerVuIterations}) each VU's first iteration is due at the
 * release ({@link RunRecorder#startedAfterRelease()}), so that the time a VU's thread waited to run after it counts
 * too; each later iteration is due when the VU's previous one ended.
 */
public final class LoadRunner {

    private static final int CONCURRENT_CONNECTS = 256;
    private static final Duration MAX_DURATION = Duration.ofMinutes(10);

    private final List<URI> targets;
    private final Duration requestTimeout;
    /** Longer than a request may take: every VU's last request has ended by then. */
    private final Duration gracefulStop;

    public LoadRunner(List<URI> targets) {
        this(targets, HttpConnection.DEFAULT_TIMEOUT);
    }

    public LoadRunner(List<URI> targets, Duration requestTimeout) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one target is needed");
        }
        this.targets = List.copyOf(targets);
        this.requestTimeout = requestTimeout;
        this.gracefulStop = requestTimeout.plusSeconds(30);
    }

    public void run(LoadModel model, VuScript script, RunRecorder recorder) {
        switch (model) {
            case LoadModel.PerVuIterations perVu -> perVuIterations(perVu, script, recorder);
            case LoadModel.RampingVus ramping -> rampingVus(ramping, script, recorder);
            case LoadModel.ConstantArrivalRate open -> constantArrivalRate(open, script, recorder);
        }
    }

    private HttpConnection connectionFor(int vu) {
        return new HttpConnection(targets.get(vu % targets.size()), requestTimeout);
    }

    private void perVuIterations(LoadModel.PerVuIterations model, VuScript script, RunRecorder recorder) {
        List<HttpConnection> connections = new ArrayList<>(model.vus());
        for (int vu = 0; vu < model.vus(); vu++) {
            connections.add(connectionFor(vu));
        }
        connectAll(connections);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> vus = new ArrayList<>(model.vus());
        for (int vu = 0; vu < model.vus(); vu++) {
            int id = vu;
            vus.add(Thread.ofVirtual().start(() -> {
                awaitQuietly(go);
                long scheduled = recorder.startedAfterRelease();
                for (long iteration = 0; iteration < model.iterations(); iteration++) {
                    script.iteration(id, iteration, scheduled, connections.get(id), recorder);
                    scheduled = recorder.nanoTime();
                }
            }));
        }
        recorder.start();
        go.countDown();
        joinAll(vus, MAX_DURATION);
        connections.forEach(HttpConnection::close);
    }

    /** Opens every connection before the start, a bounded number at a time (the listen backlog is finite). */
    private void connectAll(List<HttpConnection> connections) {
        Semaphore permits = new Semaphore(CONCURRENT_CONNECTS);
        List<Thread> connecting = new ArrayList<>(connections.size());
        for (HttpConnection connection : connections) {
            permits.acquireUninterruptibly();
            connecting.add(Thread.ofVirtual().start(() -> {
                try {
                    connection.connect();
                } catch (IOException e) {
                    // the VU's first request retries the connection and records the failure
                } finally {
                    permits.release();
                }
            }));
        }
        joinAll(connecting, gracefulStop);
    }

    private void rampingVus(LoadModel.RampingVus model, VuScript script, RunRecorder recorder) {
        AtomicInteger target = new AtomicInteger(model.startVus());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean[] running = new AtomicBoolean[model.maxVus()];
        for (int i = 0; i < running.length; i++) {
            running[i] = new AtomicBoolean();
        }
        List<Thread> vus = new ArrayList<>();
        long start = System.nanoTime();
        recorder.start();
        Duration elapsed = Duration.ZERO;
        while (elapsed.compareTo(model.total()) < 0) {
            target.set(model.targetAt(elapsed));
            for (int vu = 0; vu < target.get(); vu++) {
                if (running[vu].compareAndSet(false, true)) {
                    int id = vu;
                    vus.add(Thread.ofVirtual().start(() -> {
                        try (HttpConnection connection = connectionFor(id)) {
                            for (long iteration = 0; !stop.get() && id < target.get(); iteration++) {
                                script.iteration(id, iteration, System.nanoTime(), connection, recorder);
                            }
                        } finally {
                            running[id].set(false);
                        }
                    }));
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            elapsed = Duration.ofNanos(System.nanoTime() - start);
        }
        stop.set(true);
        joinAll(vus, gracefulStop);
    }

    private void constantArrivalRate(LoadModel.ConstantArrivalRate model, VuScript script, RunRecorder recorder) {
        ConcurrentLinkedQueue<Vu> idle = new ConcurrentLinkedQueue<>();
        List<Vu> created = new ArrayList<>();
        LongAdder inFlight = new LongAdder();
        long interval = TimeUnit.SECONDS.toNanos(1) / model.rate();
        long end = model.duration().toNanos();
        recorder.start();
        long start = System.nanoTime();
        for (long iteration = 0; iteration < model.maxIterations(); iteration++) {
            long due = iteration * interval;
            if (due >= end) {
                break;
            }
            long wait = due - (System.nanoTime() - start);
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Vu vu = idle.poll();
            if (vu == null) {
                if (created.size() >= model.maxVus()) {
                    recorder.dropIteration();
                    continue;
                }
                vu = new Vu(created.size(), connectionFor(created.size()));
                created.add(vu);
            }
            Vu chosen = vu;
            long number = iteration;
            long scheduled = start + due;
            inFlight.increment();
            Thread.ofVirtual().start(() -> {
                boolean opensConnection = !chosen.connection().isOpen();
                try {
                    script.iteration(chosen.id(), number, scheduled, chosen.connection(), recorder);
                } finally {
                    recorder.arrivalEnded(opensConnection, recorder.nanoTime() - scheduled);
                    idle.add(chosen);
                    inFlight.decrement();
                }
            });
        }
        long deadline = System.nanoTime() + gracefulStop.toNanos();
        while (inFlight.sum() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        created.forEach(v -> v.connection().close());
    }

    private record Vu(int id, HttpConnection connection) {}

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinAll(List<Thread> threads, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread thread : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    throw new IllegalStateException(
                            "VUs still running after " + limit.toSeconds() + "s; a target is not answering");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for VUs", e);
            }
        }
    }
}
