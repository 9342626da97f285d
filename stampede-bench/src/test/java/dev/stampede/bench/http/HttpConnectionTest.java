package dev.stampede.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's HTTP client against a real HTTP server on loopback. */
class HttpConnectionTest {

    private HttpServer server;
    private URI base;
    private final List<String> bodiesReceived = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fixed", exchange -> {
            bodiesReceived.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(409, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"type\":".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("\"sold-out\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/empty", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/closing", exchange -> {
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(200, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("ok".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void readsFixedLengthChunkedAndEmptyBodiesOnOneKeptAliveConnection() throws IOException {
        try (HttpConnection connection = new HttpConnection(base)) {
            var fixed = connection.exchange(HttpRequestBytes.of(
                    "POST", base.resolve("/fixed"), Map.of("Content-Type", "application/json"), "{\"q\":1}"));
            var chunked = connection.exchange(HttpRequestBytes.of("GET", base.resolve("/chunked"), Map.of(), null));
            var empty = connection.exchange(HttpRequestBytes.of("GET", base.resolve("/empty"), Map.of(), null));

            assertThat(fixed.status()).isEqualTo(201);
            assertThat(fixed.bodyText()).isEqualTo("{\"ok\":true}");
            assertThat(chunked.status()).isEqualTo(409);
            assertThat(chunked.bodyText()).isEqualTo("{\"type\":\"sold-out\"}");
            assertThat(empty.status()).isEqualTo(204);
            assertThat(empty.body()).isEmpty();
            assertThat(bodiesReceived).containsExactly("{\"q\":1}");
        }
    }

    @Test
    void reconnectsAfterTheServerClosedTheConnection() throws IOException {
        try (HttpConnection connection = new HttpConnection(base)) {
            var first = connection.exchange(HttpRequestBytes.of("GET", base.resolve("/closing"), Map.of(), null));
            var second = connection.exchange(HttpRequestBytes.of("GET", base.resolve("/fixed"), Map.of(), ""));

            assertThat(first.closes()).isTrue();
            assertThat(second.status()).isEqualTo(201);
        }
    }

    /**
     * Header names in any case and values with spaces around them (RFC 9110 section 5), and a second answer that came in
     * the same segment as the first: it waits, read but not parsed, for the second request; HTTP/1.0 closes.
     */
    @Test
    void headersInAnyCaseAndAnAnswerReadAheadAreParsedFromTheBytesRead() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket accepted = raw.accept()) {
                    accepted.getInputStream().read(new byte[4096]);
                    accepted.getOutputStream()
                            .write(("HTTP/1.1 200 OK\r\ncontent-LENGTH:  5 \r\nX-Other: a:b\r\n\r\nhello"
                                            + "HTTP/1.0 201 Created\r\nTRANSFER-encoding: Chunked\r\n\r\n"
                                            + "2\r\nok\r\n0\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    accepted.getInputStream().read(new byte[4096]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            URI rawBase = URI.create("http://127.0.0.1:" + raw.getLocalPort());
            try (HttpConnection connection = new HttpConnection(rawBase)) {
                var first = connection.exchange(HttpRequestBytes.of("GET", rawBase.resolve("/a"), Map.of(), null));
                var second = connection.exchange(HttpRequestBytes.of("GET", rawBase.resolve("/b"), Map.of(), null));

                assertThat(first.status()).isEqualTo(200);
                assertThat(first.bodyText()).isEqualTo("hello");
                assertThat(first.closes()).isFalse();
                assertThat(second.status()).isEqualTo(201);
                assertThat(second.bodyText()).isEqualTo("ok");
                assertThat(second.closes()).isTrue();
            }
        }
    }

    @Test
    void aServerThatIsNotThereIsAnIOException() {
        URI nowhere = URI.create("http://127.0.0.1:1");
        try (HttpConnection connection = new HttpConnection(nowhere)) {
            assertThatThrownBy(() -> connection.exchange(HttpRequestBytes.of("GET", nowhere, Map.of(), null)))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void templatesReplaceTheVuTheIterationAndAUuid() {
        RequestTemplate template = RequestTemplate.parse(
                "post http://127.0.0.1:9/buy",
                "{\"userId\":\"u-{vu}\",\"n\":{iter},\"id\":\"{uuid}\"}",
                List.of("X-Vu: {vu}"));

        String request = new String(template.bytes(7, 3), StandardCharsets.UTF_8);

        assertThat(request).startsWith("POST /buy HTTP/1.1\r\n");
        assertThat(request).contains("X-Vu: 7\r\n", "Content-Type: application/json\r\n", "\"userId\":\"u-7\",\"n\":3");
        assertThat(request).doesNotContain("{uuid}");
        assertThatThrownBy(() -> RequestTemplate.parse("http://x:1/", null, List.of()))
                .hasMessageContaining("'POST http://host:port/path'");
        assertThatThrownBy(() -> RequestTemplate.parse("GET https://x/", null, List.of()))
                .hasMessageContaining("http://host:port/");
    }
}
