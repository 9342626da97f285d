package dev.stampede.bench.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Collects outcomes, latencies (HdrHistogram, microseconds) and completions over time, from many threads at once. A
 * script that makes several kinds of request may also name each request's kind (a latency summary per kind) and
 * count named events (e.g. k6's custom counters).
 *
 * <p>Time is read from a ticker on {@link System#nanoTime()}'s scale (injected in tests). In a closed model released at
 * once, each VU's first request is timed from the release ({@link #startedAfterRelease()}), not from when its thread
 * first ran, and the gap between the two is kept as the run's start spread: a VU that waited for a core after the
 * release counts that wait in its latency, as the buyer it stands for would (coordinated omission in the closed model;
 * Gil Tene, "How NOT to Measure Latency").
 */
public final class RunRecorder {

    private final long bucketMillis;
    private final LongSupplier ticker;
    private final LongSupplier processCpu;
    private volatile long cpuAtStartNanos;
    private final Histogram latencyMicros = new ConcurrentHistogram(3);
    private final Histogram[] latencyMicrosByOutcome = new Histogram[Outcome.values().length];
    private final Histogram startSpreadMicros = new ConcurrentHistogram(3);
    private final Histogram onNewConnectionMicros = new ConcurrentHistogram(3);
    private final Histogram onOpenConnectionMicros = new ConcurrentHistogram(3);
    private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
    private final ConcurrentHashMap<Integer, LongAdder> completedPerBucket = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final ConcurrentHashMap<String, Histogram> latencyMicrosByKind = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicLong firstWatchedSuccessNanos = new AtomicLong();
    private volatile long watchFromNanos = Long.MAX_VALUE;
    private volatile long startNanos;

    public RunRecorder(long bucketMillis) {
        this(bucketMillis, System::nanoTime);
    }

    /** A recorder reading time from {@code ticker}, in nanoseconds on {@link System#nanoTime()}'s scale. */
    public RunRecorder(long bucketMillis, LongSupplier ticker) {
        this(bucketMillis, ticker, ProcessCpu::nanos);
    }

    /**
     * A recorder reading time from {@code ticker} and this process's CPU time (nanoseconds, every thread) from {@code
     * processCpu}.
     */
    public RunRecorder(long bucketMillis, LongSupplier ticker, LongSupplier processCpu) {
        this.bucketMillis = bucketMillis;
        this.ticker = ticker;
        this.processCpu = processCpu;
        this.cpuAtStartNanos = processCpu.getAsLong();
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
            latencyMicrosByOutcome[i] = new ConcurrentHistogram(3);
        }
        this.startNanos = ticker.getAsLong();
    }

    /** Now, in nanoseconds on {@link System#nanoTime()}'s scale: the clock every latency recorded here is read on. */
    public long nanoTime() {
        return ticker.getAsLong();
    }

    /** Marks time zero: the moment the load is released. */
    public void start() {
        cpuAtStartNanos = processCpu.getAsLong();
        startNanos = ticker.getAsLong();
        released.countDown();
    }

    /**
     * CPU time this process has used since {@link #start()} (every thread: the VUs, this recorder, the collector and the
     * compiler), in nanoseconds: what the load cost the bench from the release, its connections opened before it left
     * out.
     */
    public long cpuNanosSinceStart() {
        return processCpu.getAsLong() - cpuAtStartNanos;
    }

    /**
     * Called by a VU of a load released at once as it is about to send its first request: keeps how long after the
     * release that is (the start spread) and returns the release instant, from which that request is to be timed.
     */
    public long startedAfterRelease() {
        long release = startNanos;
        startSpreadMicros.recordValue(micros(ticker.getAsLong() - release));
        return release;
    }

    /**
     * From the release to each VU's first request ({@link #startedAfterRelease()}), in milliseconds; {@link
     * LatencySummary#EMPTY} when the load was not released at once.
     */
    public LatencySummary startSpread() {
        return LatencySummary.ofMicros(startSpreadMicros);
    }

    /**
     * Called by the open model's runner when an arrival's iteration has ended, however it ended: its time from the
     * scheduled arrival ({@code latencyNanos}), kept apart by whether its VU opened a connection for it ({@code
     * openedConnection}: a VU created for it, or one whose connection the server had closed) or found one open. The
     * first kind pays for the TCP handshake and for the service's accepting it.
     */
    public void arrivalEnded(boolean openedConnection, long latencyNanos) {
        (openedConnection ? onNewConnectionMicros : onOpenConnectionMicros).recordValue(micros(latencyNanos));
    }

    /** The open model's arrivals that opened a connection ({@link #arrivalEnded}): how many, and their latency. */
    public ArrivalShare arrivalsOnNewConnections() {
        return ArrivalShare.of(onNewConnectionMicros);
    }

    /** The open model's arrivals that found their VU's connection open ({@link #arrivalEnded}). */
    public ArrivalShare arrivalsOnOpenConnections() {
        return ArrivalShare.of(onOpenConnectionMicros);
    }

    /**
     * Some of a run's arrivals: how many, and their latency from the scheduled arrival.
     *
     * @param count arrivals whose iteration ended
     * @param latency their latency from the scheduled arrival, in milliseconds ({@link LatencySummary#EMPTY} if none)
     */
    public record ArrivalShare(long count, LatencySummary latency) {
        static ArrivalShare of(Histogram micros) {
            return new ArrivalShare(micros.getTotalCount(), LatencySummary.ofMicros(micros));
        }
    }

    /** Blocks until {@link #start()}: until the load is released. */
    public void awaitStart() throws InterruptedException {
        released.await();
    }

    /** From now on, notes when the first success is recorded (e.g. the first sale after a fault struck). */
    public void watchForSuccess() {
        firstWatchedSuccessNanos.set(0);
        watchFromNanos = ticker.getAsLong();
    }

    /** Nanoseconds from {@link #watchForSuccess()} to the first success recorded after it; empty if none was. */
    public OptionalLong nanosToFirstWatchedSuccess() {
        long first = firstWatchedSuccessNanos.get();
        return first == 0 ? OptionalLong.empty() : OptionalLong.of(first - watchFromNanos);
    }

    public void record(Outcome outcome, long latencyNanos) {
        long now = ticker.getAsLong();
        outcomes[outcome.ordinal()].increment();
        latencyMicros.recordValue(micros(latencyNanos));
        latencyMicrosByOutcome[outcome.ordinal()].recordValue(micros(latencyNanos));
        if (outcome == Outcome.SUCCESS && now >= watchFromNanos && firstWatchedSuccessNanos.get() == 0) {
            firstWatchedSuccessNanos.compareAndSet(0, now);
        }
        int bucket = (int) ((now - startNanos) / TimeUnit.MILLISECONDS.toNanos(bucketMillis));
        completedPerBucket
                .computeIfAbsent(Math.max(0, bucket), b -> new LongAdder())
                .increment();
    }

    /** Records a request as {@link #record(Outcome, long)} does, and its latency under its {@code kind} too. */
    public void record(String kind, Outcome outcome, long latencyNanos) {
        record(outcome, latencyNanos);
        latencyMicrosByKind
                .computeIfAbsent(kind, k -> new ConcurrentHistogram(3))
                .recordValue(micros(latencyNanos));
    }

    /** Adds one to the counter {@code name}. */
    public void count(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    /** The named counters, by name. */
    public Map<String, Long> counters() {
        Map<String, Long> values = new TreeMap<>();
        counters.forEach((name, adder) -> values.put(name, adder.sum()));
        return values;
    }

    /** A latency summary per request kind named in {@link #record(String, Outcome, long)}, by kind. */
    public Map<String, LatencySummary> latencyByKind() {
        Map<String, LatencySummary> values = new TreeMap<>();
        latencyMicrosByKind.forEach((kind, histogram) -> values.put(kind, LatencySummary.ofMicros(histogram)));
        return values;
    }

    private static long micros(long nanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
    }

    public void dropIteration() {
        dropped.increment();
    }

    public OutcomeCounts outcomes() {
        return new OutcomeCounts(
                count(Outcome.SUCCESS),
                count(Outcome.SOLD_OUT),
                count(Outcome.BUSY),
                count(Outcome.OUTCOME_UNKNOWN),
                count(Outcome.OTHER_STATUS),
                count(Outcome.NETWORK_ERROR));
    }

    private long count(Outcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    public long completed() {
        return outcomes().total();
    }

    public long droppedIterations() {
        return dropped.sum();
    }

    public LatencySummary latency() {
        return LatencySummary.ofMicros(latencyMicros);
    }

    /**
     * A latency summary per outcome that some request ended in (e.g. the buyers who got a definite answer apart from
     * those answered {@code busy} by admission control), in {@link Outcome} order; outcomes no request ended in are
     * left out.
     */
    public Map<Outcome, LatencySummary> latencyByOutcome() {
        Map<Outcome, LatencySummary> values = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            if (count(outcome) > 0) {
                values.put(outcome, LatencySummary.ofMicros(latencyMicrosByOutcome[outcome.ordinal()]));
            }
        }
        return values;
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    /** Completions per second in each bucket, from time zero to the last bucket with a completion. */
    public List<Double> throughput() {
        int last = completedPerBucket.keySet().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(-1);
        double perSecond = 1000.0 / bucketMillis;
        List<Double> series = new ArrayList<>(last + 1);
        for (int bucket = 0; bucket <= last; bucket++) {
            LongAdder completed = completedPerBucket.get(bucket);
            series.add(completed == null ? 0.0 : completed.sum() * perSecond);
        }
        return series;
    }

    public double secondsSinceStart() {
        return (ticker.getAsLong() - startNanos) / 1e9;
    }
}
