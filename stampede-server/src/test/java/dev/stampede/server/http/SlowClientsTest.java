package dev.stampede.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.server.web.Problems;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Clients that open connections and never finish a request, over real sockets. Loopback has a whole /8: the slow
 * clients connect from 127.0.0.2 and 127.0.0.3, the honest one from 127.0.0.1, so that they are different addresses.
 * Tomcat takes at most 30 connections here: without the per-address cap the slow clients alone would fill it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stampede.admin-token=slow-clients",
            "stampede.data-dir=target/test-pg/${random.uuid}",
            "stampede.http.header-timeout=3s",
            "stampede.http.body-timeout=1s",
            "stampede.http.max-connections-per-address=20",
            "server.tomcat.max-connections=30",
            "server.tomcat.connection-timeout=2s",
            "server.tomcat.keep-alive-timeout=60s"
        })
class SlowClientsTest {

    private static final int CAP = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeEverything() throws IOException {
        drip.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        http.close();
    }

    @Test
    void slowlorisHeadsAreAnswered408AndClosedAfterTheHeaderDeadlineWhileAnHonestRequestIsAnswered() throws Exception {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            Socket socket = connectFrom("127.0.0.2");
            write(socket, "GET /api/ping HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
            slow.add(socket);
        }
        // a header byte every 200 ms: never silent long enough for Tomcat's 2 s read timeout
        drip.scheduleWithFixedDelay(
                () -> slow.forEach(socket -> writeQuietly(socket, "a")), 0, 200, TimeUnit.MILLISECONDS);
        Map<Socket, String> answers = new ConcurrentHashMap<>();
        slow.forEach(socket -> Thread.ofVirtual().start(() -> answers.put(socket, readToEnd(socket))));
        List<String> overCap = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            overCap.add(readToEnd(connectFrom("127.0.0.2")));
        }

        int honest = http.send(ping(), HttpResponse.BodyHandlers.discarding()).statusCode();

        assertThat(honest).isEqualTo(204);
        assertThat(answers)
                .as("the slow heads are still open when the honest request is answered")
                .isEmpty();
        assertThat(overCap)
                .allSatisfy(answer -> assertProblem(answer, Problems.BUSY).contains("Retry-After: 1"));
        await().atMost(PATIENCE).until(() -> answers.size() == CAP);
        assertThat(answers.values()).allSatisfy(answer -> assertProblem(answer, Problems.REQUEST_TIMEOUT));
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(counter(metrics, "stampede_http_request_timeouts_total", "phase=\"head\""))
                .isGreaterThanOrEqualTo(CAP);
        assertThat(counter(metrics, "stampede_http_connections_refused_total", ""))
                .isGreaterThanOrEqualTo(10);
    }

    /** The value of the series of {@code name} whose labels contain {@code label}, from Prometheus' text format. */
    private static double counter(String metrics, String name, String label) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + name + " " + label));
    }

    @Test
    void aBodyTricklingInPastTheBodyDeadlineIsAnswered408AndItsConnectionClosedWithoutWaitingForTheRest()
            throws Exception {
        Socket socket = connectFrom("127.0.0.1");
        String body = "{\"buyerId\":\"" + "trickle".repeat(20) + "\",\"quantity\":1}";
        write(
                socket,
                "POST /api/skus/trickle/purchases HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n");
        // a body byte every 200 ms (30 s for the whole body), never silent for Tomcat's 2 s read timeout
        AtomicInteger sent = new AtomicInteger();
        drip.scheduleWithFixedDelay(
                () -> {
                    if (sent.get() < body.length()) {
                        writeQuietly(socket, body.substring(sent.get(), sent.incrementAndGet()));
                    }
                },
                0,
                200,
                TimeUnit.MILLISECONDS);

        String answer = readToEnd(socket);

        assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close");
        assertThat(sent.get()).as("closed before the rest of the body came").isLessThan(body.length());
    }

    @Test
    void aStalledChunkedBodyIsAnswered408AndItsConnectionClosed() throws Exception {
        Socket socket = connectFrom("127.0.0.1");
        write(
                socket,
                "POST /api/skus/stalled/purchases HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"buy\r\n");

        String answer = readToEnd(socket);

        assertThat(answer).startsWith("HTTP/1.1 408 ");
    }

    @Test
    void aConnectionOverItsAddressCapIsAnswered503AndClosedWhileOtherAddressesAreServed() throws Exception {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            Socket socket = connectFrom("127.0.0.3");
            assertThat(exchange(socket, "GET /api/ping HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                    .startsWith("HTTP/1.1 204 ");
            held.add(socket);
        }

        String refused = readToEnd(connectFrom("127.0.0.3"));
        int honest = http.send(ping(), HttpResponse.BodyHandlers.discarding()).statusCode();

        assertProblem(refused, Problems.BUSY).contains("Retry-After: 1");
        assertThat(honest).isEqualTo(204);

        held.getFirst().close();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(readToEnd(write(
                                connectFrom("127.0.0.3"),
                                "GET /api/ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")))
                        .as("a connection closed frees its place under the cap")
                        .startsWith("HTTP/1.1 204 "));
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertProblem(String answer, Problems problem) {
        return assertThat(answer)
                .startsWith("HTTP/1.1 " + problem.status().value() + " ")
                .contains("Content-Type: application/problem+json")
                .contains("Connection: close")
                .contains("\"type\":\"" + problem.type() + "\"")
                .doesNotContain("Exception", "tomcat", "dev.stampede");
    }

    private HttpRequest ping() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ping"))
                .GET()
                .build();
    }

    private Socket connectFrom(String localAddress) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout((int) PATIENCE.toMillis());
        return socket;
    }

    private static Socket write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static void writeQuietly(Socket socket, String text) {
        try {
            write(socket, text);
        } catch (IOException closedByTheServer) {
            // the server has answered and closed: nothing more to send
        }
    }

    /** One request on a kept-alive connection: the response head and its (empty) body. */
    private static String exchange(Socket socket, String request) throws IOException {
        write(socket, request);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String readToEnd(Socket socket) {
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
