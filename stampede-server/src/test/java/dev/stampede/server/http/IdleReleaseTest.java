package dev.stampede.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A burst of connections fills Tomcat's caches (one request processor per connection, kept for the next burst:
 * {@code server.tomcat.processor-cache=20000}); a quiet period gives them back, and the heap with them. Tomcat registers
 * each live processor as a JMX bean, which is how the test counts them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stampede.admin-token=idle-release",
            "stampede.data-dir=target/test-pg/${random.uuid}",
            "stampede.http.idle-release-after=1s",
            "server.tomcat.mbeanregistry.enabled=true"
        })
class IdleReleaseTest {

    private static final int BURST = ConnectorPolicy.QUIET_CONNECTIONS + 100;

    @LocalServerPort
    int port;

    private final List<Socket> burst = new ArrayList<>();

    @AfterEach
    void closeTheBurst() throws IOException {
        for (Socket socket : burst) {
            socket.close();
        }
    }

    @Test
    void theRequestProcessorsOfABurstAndTheHeapAreReleasedOnceTheConnectorIsQuietAgain() throws Exception {
        assumeTrue(fullCollections().isPresent(), "the full collections of G1 are counted; this JVM runs another GC");
        long fullCollectionsBefore = fullCollections().getAsLong();
        // every head incomplete at first, so that each connection holds a processor of its own at the same time
        for (int i = 0; i < BURST; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            write(socket, "GET /api/ping HTTP/1.1\r\nHost: localhost\r\n");
            burst.add(socket);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> liveProcessors() >= BURST);
        for (Socket socket : burst) {
            write(socket, "\r\n");
            assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 204 ");
        }
        assertThat(liveProcessors()).as("one processor per connection, cached").isGreaterThanOrEqualTo(BURST);

        for (Socket socket : burst) {
            socket.close();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> liveProcessors() == 0 && fullCollections().getAsLong() > fullCollectionsBefore);
    }

    /** Full collections so far, when the JVM runs G1 (whose collector for them is called "G1 Old Generation"). */
    private static OptionalLong fullCollections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(collector -> collector.getName().equals("G1 Old Generation"))
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .findFirst();
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static int liveProcessors() throws MalformedObjectNameException {
        return ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("*:type=RequestProcessor,*"), null)
                .size();
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
