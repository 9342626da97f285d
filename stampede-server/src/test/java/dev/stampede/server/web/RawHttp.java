package dev.stampede.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * HTTP/1.1 written by hand on a fresh socket, byte for byte as a test wants it: repeated header lines, raw bytes in a
 * body, paths a URI parser refuses ({@code %ZZ}), a body that never finishes. The answer is read by its framing
 * (Content-Length or chunked), so a server that keeps the socket open does not hold the test.
 */
final class RawHttp {

    /** How long a test waits for an answer before it fails (a server that never answers must not hang it). */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    private RawHttp() {}

    /** A request: the request line's method and target, header lines ({@code "Name: value"}), and a body or none. */
    record Request(String method, String target, List<String> headers, byte[] body) {

        static Request of(String method, String target) {
            return new Request(method, target, List.of(), null);
        }

        Request header(String line) {
            List<String> lines = new ArrayList<>(headers);
            lines.add(line);
            return new Request(method, target, lines, body);
        }

        Request json(String text) {
            return header("Content-Type: application/json").body(text.getBytes(StandardCharsets.UTF_8));
        }

        Request body(byte[] bytes) {
            return new Request(method, target, headers, bytes);
        }

        /** The bytes on the wire; {@code Content-Length} is added for a body unless a header already frames it. */
        byte[] bytes(int port) {
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            headers.forEach(line -> head.append(line).append("\r\n"));
            boolean framed = headers.stream()
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .anyMatch(line -> line.startsWith("content-length:") || line.startsWith("transfer-encoding:"));
            if (body != null && !framed) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }
    }

    static HttpResponse<String> exchange(int port, Request request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.bytes(port));
            out.flush();
            return read(socket.getInputStream(), URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> read(InputStream in, URI uri) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim(), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        HttpHeaders parsed = HttpHeaders.of(headers, (name, value) -> true);
        byte[] body;
        if (parsed.firstValue("Transfer-Encoding")
                .filter("chunked"::equalsIgnoreCase)
                .isPresent()) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).trim(), 16)) {
                chunks.writeBytes(in.readNBytes(size));
                line(in);
            }
            body = chunks.toByteArray();
        } else {
            body = in.readNBytes((int) parsed.firstValueAsLong("Content-Length").orElse(0));
        }
        return new Response(status, parsed, new String(body, StandardCharsets.UTF_8), uri);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private record Response(int statusCode, HttpHeaders headers, String body, URI uri) implements HttpResponse<String> {

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(uri).build();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
