package dev.stampede.devservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real HAProxy in front of two small HTTP servers in this JVM: requests go to the server with the fewest open
 * connections, and a server that fails its health check gets none until it passes again, unless every server fails
 * its checks (then all of them are sent requests: panic routing).
 */
class LocalHaproxyTest {

    private final List<Backend> backends = new ArrayList<>();
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LocalHaproxy haproxy;

    @BeforeEach
    void start() {
        TestHaproxyBinary.require();
        backends.add(new Backend());
        backends.add(new Backend());
        haproxy = LocalHaproxy.start(backends.stream().map(Backend::uri).toList(), "/health", Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        if (haproxy != null) {
            haproxy.close();
        }
        backends.forEach(Backend::close);
    }

    @Test
    void requestsHeldOpenAreSpreadOneForOneOverTheServersByLeastConnections() throws Exception {
        assertThat(haproxy.serverStates()).containsOnlyKeys("s1", "s2");
        CountDownLatch release = new CountDownLatch(1);
        backends.forEach(backend -> backend.holdRequestsUntil(release));
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(client.sendAsync(work(), HttpResponse.BodyHandlers.discarding()));
            int sent = i + 1;
            // one at a time, so that the balancer sees the connections opened before each new one
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            backends.stream().mapToInt(b -> b.arrived.get()).sum() == sent);
        }

        assertThat(backends)
                .allSatisfy(backend -> assertThat(backend.arrived.get())
                        .as("requests held open on each server")
                        .isEqualTo(2));
        release.countDown();
        for (CompletableFuture<HttpResponse<Void>> answer : answers) {
            assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(haproxy.counters()).isEqualTo(new LocalHaproxy.BalancerCounters(0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aServerFailingItsHealthCheckGetsNoRequestsUntilItPassesAgain() throws Exception {
        Backend failing = backends.get(1);
        failing.healthy.set(false);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> haproxy.serverStates().get("s2").status().equals("DOWN"));

        for (int i = 0; i < 6; i++) {
            assertThat(client.send(work(), HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(backends.get(0).arrived.get()).isEqualTo(6);
        assertThat(failing.arrived.get()).isZero();

        failing.healthy.set(true);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> haproxy.serverStates().get("s2").up());
    }

    @Test
    void aServerWhoseHealthAnswerTakesLongerThanTheCheckIntervalStaysUp() {
        backends.get(1).healthDelay = Duration.ofSeconds(4);

        await().during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(14))
                .until(() -> haproxy.serverStates().get("s2").up());
    }

    @Test
    void requestsToAServerThatStoppedListeningGoToTheOtherBeforeItsHealthCheckFails() throws Exception {
        backends.get(1).close();

        for (int i = 0; i < 6; i++) {
            assertThat(client.send(work(), HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(backends.get(0).arrived.get()).isEqualTo(6);
        LocalHaproxy.BalancerCounters counters = haproxy.counters();
        assertThat(counters.redispatches())
                .as("requests sent on to the other server after a refused connect")
                .isPositive();
        assertThat(counters.givenUpAfterConnects()).isZero();
        assertThat(counters.answered5xx()).isZero();
    }

    @Test
    void whenEveryServerFailsItsHealthCheckRequestsStillReachThemByPanicRouting() throws Exception {
        backends.forEach(backend -> backend.healthy.set(false));
        awaitEveryServerDown();

        for (int i = 0; i < 4; i++) {
            assertThat(client.send(work(), HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(200);
        }

        assertThat(backends.stream().mapToInt(backend -> backend.arrived.get()).sum())
                .isEqualTo(4);
        LocalHaproxy.BalancerCounters counters = haproxy.counters();
        assertThat(counters.panicRouted()).isEqualTo(4);
        assertThat(counters.answered5xx()).isZero();
        assertThat(counters.serversMarkedDown()).isEqualTo(2);
    }

    @Test
    void withNoServerListeningTheBalancerAnswersBusyAsAProblemWithRetryAfter() throws Exception {
        backends.forEach(Backend::close);
        awaitEveryServerDown();

        HttpResponse<String> answer = client.send(work(), HttpResponse.BodyHandlers.ofString());

        assertProblem(answer, "busy");
        LocalHaproxy.BalancerCounters counters = haproxy.counters();
        assertThat(counters.answered5xx()).isEqualTo(1);
        assertThat(counters.servers5xx()).as("5xx answered by the servers").isZero();
        assertThat(counters.givenUpAfterConnects()).isEqualTo(1);
        assertThat(counters.givenUpWithoutServer()).isZero();
        assertThat(counters.serversMarkedDown()).isEqualTo(2);
    }

    private void awaitEveryServerDown() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> haproxy.serverStates().values().stream()
                        .allMatch(server -> server.status().equals("DOWN")));
    }

    @Test
    void aServerThatClosesTheConnectionAfterTakingTheRequestIsAnsweredOutcomeUnknown() throws Exception {
        backends.forEach(Backend::dropRequests);

        HttpResponse<String> answer = client.send(work(), HttpResponse.BodyHandlers.ofString());

        assertProblem(answer, "outcome-unknown");
        assertThat(backends.stream().mapToInt(backend -> backend.arrived.get()).sum())
                .as("a request that reached a server is not sent to another")
                .isEqualTo(1);
        assertThat(haproxy.counters().answered5xx()).isEqualTo(1);
        assertThat(haproxy.counters().servers5xx())
                .as("5xx answered by the servers")
                .isZero();
    }

    private static void assertProblem(HttpResponse<String> answer, String type) {
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answer.body())
                .contains("\"type\":\"https://stampede.dev/problems/" + type + "\"")
                .contains("\"status\":503")
                .doesNotContainIgnoringCase("haproxy");
    }

    @Test
    void closingStopsTheBalancerProcess() {
        ProcessHandle process = ProcessHandle.of(haproxy.pid()).orElseThrow();
        haproxy.close();
        haproxy = null;
        assertThat(process.isAlive()).isFalse();
    }

    private HttpRequest work() {
        return HttpRequest.newBuilder(haproxy.uri().resolve("/work"))
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    /** A server answering {@code /health} (200 or 503) and {@code /work} (counted, optionally held until released). */
    private static final class Backend implements AutoCloseable {

        final AtomicInteger arrived = new AtomicInteger();
        final AtomicBoolean healthy = new AtomicBoolean(true);
        private volatile CountDownLatch hold = new CountDownLatch(0);
        private volatile boolean drop;
        private volatile Duration healthDelay = Duration.ZERO;
        private final HttpServer server;

        Backend() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/health", exchange -> {
                try {
                    Thread.sleep(healthDelay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(exchange, healthy.get() ? 200 : 503);
            });
            server.createContext("/work", exchange -> {
                arrived.incrementAndGet();
                if (drop) {
                    // the connection closed with no answer, as by a process that died
                    exchange.getResponseBody().close();
                    return;
                }
                try {
                    hold.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(exchange, 200);
            });
            server.start();
        }

        void dropRequests() {
            drop = true;
        }

        void holdRequestsUntil(CountDownLatch release) {
            hold = release;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private static void answer(HttpExchange exchange, int status) throws IOException {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
