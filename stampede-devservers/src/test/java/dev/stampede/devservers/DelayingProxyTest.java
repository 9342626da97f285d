package dev.stampede.devservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real Redis behind the proxy: its answers come through unchanged, a round trip later by twice the delay. */
class DelayingProxyTest {

    private static final Duration DELAY = Duration.ofMillis(60);

    private static EmbeddedRedisServer redis;
    private static InetSocketAddress redisAddress;

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedisServer.start(0);
        URI uri = URI.create(redis.url());
        redisAddress = new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aRequestThroughTheProxyIsAnsweredNoSoonerThanOneRoundTripOfTwiceTheDelay() throws IOException {
        try (DelayingProxy proxy = DelayingProxy.start(redisAddress, DELAY);
                Socket socket = connect(proxy.address())) {
            ask(socket, "PING"); // the connection to Redis is made on the first bytes' way: not timed
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThat(ask(socket, "PING")).isEqualTo("+PONG");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DELAY.multipliedBy(2));
            }
        }
    }

    @Test
    void aDelaySetWhileConnectedDelaysTheNextRoundTripsOfThatConnection() throws IOException {
        try (DelayingProxy proxy = DelayingProxy.start(redisAddress, Duration.ZERO);
                Socket socket = connect(proxy.address())) {
            assertThat(ask(socket, "PING")).isEqualTo("+PONG");
            proxy.setDelay(DELAY);
            long start = System.nanoTime();
            assertThat(ask(socket, "PING")).isEqualTo("+PONG");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DELAY.multipliedBy(2));
            assertThat(proxy.delay()).isEqualTo(DELAY);
        }
    }

    @Test
    void aPartitionedProxyForwardsNothingUntilHealedThenDeliversWhatWasHeldBack() throws IOException {
        try (DelayingProxy proxy = DelayingProxy.start(redisAddress, Duration.ZERO);
                Socket socket = connect(proxy.address())) {
            assertThat(ask(socket, "PING")).isEqualTo("+PONG");
            proxy.partition();
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            out.write("ECHO held\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.heal();
            socket.setSoTimeout(10_000);
            assertThat(readLine(socket)).isEqualTo("$4");
            assertThat(readLine(socket)).isEqualTo("held");
        }
    }

    @Test
    void pipelinedRequestsAreAllAnsweredInOrder() throws IOException {
        try (DelayingProxy proxy = DelayingProxy.start(redisAddress, DELAY);
                Socket socket = connect(proxy.address())) {
            StringBuilder requests = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                requests.append("ECHO m").append(i).append("\r\n");
                String message = "m" + i;
                expected.append('$')
                        .append(message.length())
                        .append("\r\n")
                        .append(message)
                        .append("\r\n");
            }
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readNBytes(expected.length());
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        }
    }

    @Test
    void aZeroDelayProxyPassesRequestsThrough() throws IOException {
        try (DelayingProxy proxy = DelayingProxy.start(redisAddress, Duration.ZERO);
                Socket socket = connect(proxy.address())) {
            assertThat(ask(socket, "SET proxied yes")).isEqualTo("+OK");
            assertThat(ask(socket, "GET proxied")).isEqualTo("$3");
            assertThat(readLine(socket)).isEqualTo("yes");
            assertThat(proxy.target()).isEqualTo(redisAddress);
        }
    }

    @Test
    void closingTheProxyClosesItsConnectionsAndStopsListening() throws IOException {
        DelayingProxy proxy = DelayingProxy.start(redisAddress, DELAY);
        InetSocketAddress address = proxy.address();
        try (Socket socket = connect(address)) {
            assertThat(ask(socket, "PING")).isEqualTo("+PONG");
            await().until(() -> proxy.connections() == 1);
            proxy.close();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> connect(address).close()).isInstanceOf(IOException.class);
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertThatThrownBy(() -> DelayingProxy.start(redisAddress, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends an inline command and reads the first line of the answer (without its CRLF). */
    private static String ask(Socket socket, String command) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readLine(socket);
    }

    private static String readLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
