package dev.stampede.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.stampede.bench.http.HttpConnection;
import dev.stampede.bench.http.HttpRequestBytes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Latency as a user feels it (issue 13, item 9): in the open model a request is timed from its scheduled arrival, so
 * that any wait before it was sent counts (wrk2's coordinated-omission correction), and an arrival that finds every
 * VU busy is dropped and counted (k6's {@code dropped_iterations}), not sent late. Against a real HTTP server on
 * loopback; the bounds asserted are lower bounds that hold by construction (what the test made the request wait).
 */
class LoadRunnerTest {

    private static final OutcomeMap OUTCOMES = OutcomeMap.parse("204=success");

    private HttpServer server;
    private URI base;
    private final AtomicInteger answered = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ping", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            answered.incrementAndGet();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private byte[] ping() {
        return HttpRequestBytes.of("GET", base.resolve("/ping"), Map.of(), null);
    }

    @Test
    void aRequestIsTimedFromItsScheduledStartNotFromWhenItWasSent() throws IOException {
        RunRecorder recorder = new RunRecorder(100);
        SingleRequestScript script = new SingleRequestScript((vu, iteration) -> ping(), OUTCOMES);

        try (HttpConnection connection = new HttpConnection(base)) {
            script.iteration(0, 0, System.nanoTime() - TimeUnit.SECONDS.toNanos(2), connection, recorder);
        }

        assertThat(recorder.outcomes().success()).isEqualTo(1);
        assertThat(recorder.latency().maxMs()).isGreaterThanOrEqualTo(2_000);
    }

    /**
     * The first arrival (due at 0 ms) is held back before it is sent until the fifth (due at 200 ms at 20/s) has been
     * answered: timed from when it was sent it would look as fast as the others; timed from its arrival it took at
     * least 200 ms.
     */
    @Test
    void anArrivalTheRunnerGotToLateCountsItsWaitInTheOpenModel() {
        CountDownLatch fifthAnswered = new CountDownLatch(1);
        RunRecorder recorder = new RunRecorder(100);
        SingleRequestScript script = new SingleRequestScript(
                (vu, iteration) -> {
                    if (iteration == 0) {
                        awaitQuietly(fifthAnswered);
                    }
                    return ping();
                },
                OUTCOMES);
        VuScript signalling = (vu, iteration, scheduled, connection, rec) -> {
            script.iteration(vu, iteration, scheduled, connection, rec);
            if (iteration == 4) {
                fifthAnswered.countDown();
            }
        };

        new LoadRunner(List.of(base))
                .run(new LoadModel.ConstantArrivalRate(20, Duration.ofSeconds(1), 5, 10), signalling, recorder);

        assertThat(recorder.outcomes().success()).isEqualTo(5);
        assertThat(recorder.droppedIterations()).isZero();
        assertThat(recorder.latency().maxMs()).isGreaterThanOrEqualTo(200);
    }

    /** One VU, held by the server: the arrivals meanwhile are dropped and counted, and the rest are all answered. */
    @Test
    void arrivalsThatFindEveryVuBusyAreDroppedAndCounted() {
        hold = new CountDownLatch(1);
        RunRecorder recorder = new RunRecorder(100);
        Thread.ofVirtual().start(() -> {
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.droppedIterations() >= 3);
            hold.countDown();
        });

        new LoadRunner(List.of(base))
                .run(
                        new LoadModel.ConstantArrivalRate(50, Duration.ofSeconds(10), 10, 1),
                        new SingleRequestScript((vu, iteration) -> ping(), OUTCOMES),
                        recorder);

        assertThat(recorder.droppedIterations()).isGreaterThanOrEqualTo(3);
        assertThat(recorder.completed() + recorder.droppedIterations()).isEqualTo(10);
        assertThat(recorder.outcomes().success()).isEqualTo(recorder.completed());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fifth arrival was never answered");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
