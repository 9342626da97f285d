package dev.stampede.bench.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Builds the bytes of one HTTP/1.1 request (RFC 9112 section 3): the request line, {@code Host}, the given headers, and
 * {@code Content-Length} with the body when there is one. A {@link Head} is built once and reused for many requests
 * that differ only in their body, so that a VU's request costs the bench one copy (issue 17: the client's own CPU per
 * request is part of every figure).
 */
public final class HttpRequestBytes {

    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CRLF_CRLF = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private HttpRequestBytes() {}

    /** One request: {@code body} null for none (no {@code Content-Length}). */
    public static byte[] of(String method, URI target, Map<String, String> headers, String body) {
        return head(method, target, headers).with(body);
    }

    /** The head of requests with this method, target and headers, for {@link Head#with} to add each body to. */
    public static Head head(String method, URI target, Map<String, String> headers) {
        String path = target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        if (target.getRawQuery() != null) {
            path += "?" + target.getRawQuery();
        }
        StringBuilder head = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(target.getHost())
                .append(':')
                .append(target.getPort());
        headers.forEach(
                (name, value) -> head.append("\r\n").append(name).append(": ").append(value));
        return new Head(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The request line and headers up to (not including) the CR LF that ends the last header line. */
    public static final class Head {

        private final byte[] bytes;

        private Head(byte[] bytes) {
            this.bytes = bytes;
        }

        /** The whole request with {@code body} (UTF-8; null for none, then without {@code Content-Length}). */
        public byte[] with(String body) {
            if (body == null) {
                byte[] request = new byte[bytes.length + CRLF_CRLF.length];
                System.arraycopy(bytes, 0, request, 0, bytes.length);
                System.arraycopy(CRLF_CRLF, 0, request, bytes.length, CRLF_CRLF.length);
                return request;
            }
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            byte[] length = Integer.toString(payload.length).getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = new byte
                    [bytes.length
                            + CRLF.length
                            + CONTENT_LENGTH.length
                            + length.length
                            + CRLF_CRLF.length
                            + payload.length];
            int at = put(request, 0, bytes);
            at = put(request, at, CRLF);
            at = put(request, at, CONTENT_LENGTH);
            at = put(request, at, length);
            at = put(request, at, CRLF_CRLF);
            put(request, at, payload);
            return request;
        }

        private static int put(byte[] into, int at, byte[] part) {
            System.arraycopy(part, 0, into, at, part.length);
            return at + part.length;
        }
    }
}
