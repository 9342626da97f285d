package dev.stampede.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * A burst of connections fills Tomcat's caches (one request processor per connection, kept for the next burst:
 * {@code server.tomcat.processor-cache=20000}); a quiet period gives them back, and the heap with them. The test holds
 * weak references to the burst's processors: they are cleared only once nothing holds the processors any more and a
 * collection has run.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stampede.admin-token=idle-release",
            "stampede.data-dir=target/test-pg/${random.uuid}",
            "stampede.http.idle-release-after=1s"
        })
class IdleReleaseTest {

    private static final int BURST = ConnectorPolicy.QUIET_CONNECTIONS + 100;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    WebServerApplicationContext context;

    private final List<Socket> burst = new ArrayList<>();

    @AfterEach
    void closeTheBurst() throws IOException {
        for (Socket socket : burst) {
            socket.close();
        }
    }

    @Test
    void theRequestProcessorsOfABurstAreReleasedAndCollectedOnceTheConnectorIsQuietAgain() throws Exception {
        GuardedHttp11NioProtocol protocol = (GuardedHttp11NioProtocol) ((TomcatWebServer) context.getWebServer())
                .getTomcat()
                .getConnector()
                .getProtocolHandler();
        // every head incomplete at first, so that each connection holds a processor of its own at the same time
        for (int i = 0; i < BURST; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            write(socket, "GET /api/ping HTTP/1.1\r\nHost: localhost\r\n");
            burst.add(socket);
        }
        List<WeakReference<Object>> processors = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            processors.clear();
            protocol.openConnections().stream()
                    .map(connection -> connection.getCurrentProcessor())
                    .filter(Objects::nonNull)
                    .forEach(processor -> processors.add(new WeakReference<>(processor)));
            assertThat(processors).hasSizeGreaterThanOrEqualTo(BURST);
        });
        for (Socket socket : burst) {
            write(socket, "\r\n");
            assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 204 ");
        }

        for (Socket socket : burst) {
            socket.close();
        }

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(processors)
                        .as("processors still reachable")
                        .allMatch(processor -> processor.get() == null));
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
