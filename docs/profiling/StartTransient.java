import dev.stampede.bench.http.HttpConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The open model's start, two ways on the same warm service: VUs' connections opened as arrivals need them (as the
 * bench does) or all opened before the first arrival. GET /api/ping at RATE for SECONDS, at most VUS busy.
 * Prints completions per 100 ms, arrivals dropped, VUs used, and the share of arrivals over 300 ms.
 * A diagnostic only (issue 13): the bench itself never opens connections before the arrivals that need them.
 * usage: java -cp stampede-bench/target/classes docs/profiling/StartTransient.java PORT RATE SECONDS VUS lazy|preopened
 */
public class StartTransient {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]), rate = Integer.parseInt(args[1]), seconds = Integer.parseInt(args[2]),
                maxVus = Integer.parseInt(args[3]);
        boolean preopen = args[4].equals("preopened");
        URI base = URI.create("http://127.0.0.1:" + port);
        byte[] ping = ("GET /api/ping HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes();
        List<HttpConnection> created = new ArrayList<>();
        ConcurrentLinkedQueue<HttpConnection> idle = new ConcurrentLinkedQueue<>();
        if (preopen) {
            for (int i = 0; i < maxVus; i++) {
                HttpConnection c = new HttpConnection(base);
                c.connect();
                created.add(c);
                idle.add(c);
            }
        }
        AtomicLongArray perBin = new AtomicLongArray(seconds * 10 + 200);
        LongAdder slow = new LongAdder(), done = new LongAdder(), dropped = new LongAdder();
        long interval = 1_000_000_000L / rate, end = seconds * 1_000_000_000L;
        long start = System.nanoTime();
        for (long i = 0; ; i++) {
            long due = i * interval;
            if (due >= end) break;
            long wait = due - (System.nanoTime() - start);
            if (wait > 0) LockSupport.parkNanos(wait);
            HttpConnection c = idle.poll();
            if (c == null) {
                if (created.size() >= maxVus) { dropped.increment(); continue; }
                c = new HttpConnection(base);
                created.add(c);
            }
            HttpConnection chosen = c;
            long scheduled = start + due;
            Thread.ofVirtual().start(() -> {
                try { chosen.exchange(ping); } catch (Exception e) { }
                long now = System.nanoTime();
                if (now - scheduled >= 300_000_000L) slow.increment();
                done.increment();
                perBin.incrementAndGet((int) Math.min(perBin.length() - 1, (now - start) / 100_000_000L));
                idle.add(chosen);
            });
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (done.sum() + dropped.sum() < (long) rate * seconds && System.nanoTime() < deadline) Thread.sleep(10);
        List<Long> bins = new ArrayList<>();
        for (int b = 0; b < Math.min(perBin.length(), seconds * 10 + 10); b++) bins.add(perBin.get(b));
        System.out.printf("%s: answered %d, dropped %d (%.2f%%), VUs %d, over 300 ms %.2f%%%n  per 100 ms: %s%n",
                args[4], done.sum(), dropped.sum(), 100.0 * dropped.sum() / (rate * (long) seconds), created.size(),
                100.0 * slow.sum() / Math.max(1, done.sum()), bins);
        created.forEach(HttpConnection::close);
    }
}
