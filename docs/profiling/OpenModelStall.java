import dev.stampede.bench.http.HttpConnection;
import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.load.Outcome;
import dev.stampede.bench.load.RunRecorder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Where an open-model arrival's time goes: the bench's own LoadRunner at --rate, GET /api/ping, each arrival split
 * into dispatch (scheduled arrival to the VU's thread running), connect (a VU's first request only) and exchange.
 * A first round warms both JVMs; the second is reported. A service to drive: `java -jar stampede.jar serve --port
 * PORT --data-dir DIR --admin-token t --property stampede.http.max-connections-per-address=20000` (issue 13).
 * usage: java -cp stampede-bench/target/classes:HDRHISTOGRAM_JAR docs/profiling/OpenModelStall.java PORT RATE SECONDS
 * MAX_VUS
 */
public class OpenModelStall {
    record Sample(long doneMillis, long atMillis, long dispatchMicros, long connectMicros, long exchangeMicros, boolean fresh) {}

    public static void main(String[] args) throws Exception {
        URI base = URI.create("http://127.0.0.1:" + args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int maxVus = Integer.parseInt(args[3]);
        byte[] ping = ("GET /api/ping HTTP/1.1\r\nHost: 127.0.0.1:" + args[0] + "\r\n\r\n").getBytes();
        AtomicIntegerArray used = new AtomicIntegerArray(maxVus);
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        RunRecorder recorder = new RunRecorder(1000);
        long[] start = new long[1];
        LoadRunner runner = new LoadRunner(List.of(base));
        for (int round = 0; round < 2; round++) {
        if (round == 1) { samples.clear(); recorder = new RunRecorder(1000); for (int i = 0; i < maxVus; i++) used.set(i, 0); }
        start[0] = System.nanoTime();
        runner.run(
                new LoadModel.ConstantArrivalRate(rate, Duration.ofSeconds(seconds), Long.MAX_VALUE, maxVus),
                (vu, iteration, scheduled, connection, rec) -> {
                    long t0 = System.nanoTime();
                    boolean fresh = used.compareAndSet(vu, 0, 1);
                    long t1 = t0;
                    Outcome outcome = Outcome.SUCCESS;
                    try {
                        if (fresh) {
                            connection.connect();
                        }
                        t1 = System.nanoTime();
                        connection.exchange(ping);
                    } catch (Exception e) {
                        outcome = Outcome.NETWORK_ERROR;
                    }
                    long t2 = System.nanoTime();
                    rec.record(outcome, t2 - scheduled);
                    samples.add(new Sample((t2 - start[0]) / 1_000_000, (scheduled - start[0]) / 1_000_000, (t0 - scheduled) / 1000,
                            (t1 - t0) / 1000, (t2 - t1) / 1000, fresh));
                },
                recorder);
        }
        long[] edges = {1_000, 10_000, 100_000, 900_000, 1_100_000, 2_900_000, 3_200_000, Long.MAX_VALUE};
        String[] names = {"<1ms", "1-10ms", "10-100ms", "0.1-0.9s", "0.9-1.1s", "1.1-2.9s", "2.9-3.2s", ">3.2s"};
        long[][] counts = new long[4][edges.length];
        int freshCount = 0;
        java.util.TreeMap<Long, int[]> slowBySecond = new java.util.TreeMap<>();
        for (Sample s : samples) {
            long total = s.dispatchMicros + s.connectMicros + s.exchangeMicros;
            long[] v = {s.dispatchMicros, s.connectMicros, s.exchangeMicros, total};
            for (int p = 0; p < 4; p++) {
                if (p == 1 && !s.fresh) continue;
                int b = 0;
                while (v[p] >= edges[b]) b++;
                counts[p][b]++;
            }
            if (s.fresh) freshCount++;
            if (total >= 300_000) {
                int[] c = slowBySecond.computeIfAbsent(s.atMillis / 1000, k -> new int[4]);
                c[0]++;
                if (s.fresh) c[1]++;
                if (s.connectMicros >= 300_000) c[2]++;
                if (s.dispatchMicros >= 300_000) c[3]++;
            }
        }
        System.out.printf("arrivals answered %d, dropped %d, VUs opened %d, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                samples.size(), recorder.droppedIterations(), freshCount, recorder.latency().medMs(),
                recorder.latency().p99Ms(), recorder.latency().maxMs());
        String[] phases = {"dispatch", "connect (first request of a VU)", "exchange", "total from scheduled arrival"};
        for (int p = 0; p < 4; p++) {
            StringBuilder line = new StringBuilder(String.format("%-32s", phases[p]));
            for (int b = 0; b < edges.length; b++) line.append(String.format(" %s=%d", names[b], counts[p][b]));
            System.out.println(line);
        }
        java.util.TreeMap<Long, Integer> slowDone = new java.util.TreeMap<>();
        for (Sample s : samples) if (s.exchangeMicros >= 1_000_000) slowDone.merge(s.doneMillis / 100, 1, Integer::sum);
        System.out.println("exchanges >= 1 s by when they ended (100 ms bins, busiest 12): " + slowDone.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue()).limit(12).map(e -> e.getKey() / 10.0 + "s:" + e.getValue()).toList());
        slowBySecond.forEach((sec, c) -> System.out.printf(
                "second %d: %d arrivals >= 300 ms (%d on a fresh VU, %d with connect >= 300 ms, %d with dispatch >= 300 ms)%n",
                sec, c[0], c[1], c[2], c[3]));
    }
}
