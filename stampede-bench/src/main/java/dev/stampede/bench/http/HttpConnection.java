package dev.stampede.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection, as a k6 VU holds it: blocking, unpooled, one request at a time. Reads
 * {@code Content-Length} and chunked bodies; reconnects by itself after the server closed the connection.
 */
public final class HttpConnection implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;

    /** A request unanswered after this long is a network error, as k6's request timeout (default 120 s). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private static final byte[] HTTP_1 = ascii("HTTP/1.");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");

    private final InetSocketAddress address;
    private final int readTimeoutMillis;
    /** What was read from the socket and not yet parsed: {@code buffer[position, limit)}. */
    private final byte[] buffer = new byte[8192];

    private int position;
    private int limit;
    /** The line being parsed, {@code line[0, lineLength)}, without its CR LF; grows for a longer one. */
    private byte[] line = new byte[256];

    private int lineLength;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public HttpConnection(URI base) {
        this(base, DEFAULT_TIMEOUT);
    }

    public HttpConnection(URI base, Duration timeout) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort() < 0 ? 80 : base.getPort());
        this.readTimeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /** Opens the socket now (it is otherwise opened by the first request). */
    public void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.setSoTimeout(readTimeoutMillis);
            fresh.connect(address, CONNECT_TIMEOUT_MILLIS);
            in = fresh.getInputStream();
            out = fresh.getOutputStream();
            position = 0;
            limit = 0;
            socket = fresh;
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
    }

    /** Whether the socket is open: if not, the next {@link #exchange} opens one first (and pays for the handshake). */
    public boolean isOpen() {
        return socket != null;
    }

    /** Sends a whole request (head and body, as {@link HttpRequestBytes} builds it) and reads the whole response. */
    public HttpResponse exchange(byte[] request) throws IOException {
        connect();
        try {
            out.write(request);
            out.flush();
            HttpResponse response = readResponse();
            if (response.closes()) {
                close();
            }
            return response;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Parses the status line and the headers in place, from the bytes read (no string per line or header): the client's
     * own cost per request is part of every figure the bench gives (issue 17).
     */
    private HttpResponse readResponse() throws IOException {
        readLine();
        if (lineLength < 12 || !startsWith(HTTP_1)) {
            throw new IOException(
                    "not an HTTP response: " + new String(line, 0, lineLength, StandardCharsets.ISO_8859_1));
        }
        int status = digit(9) * 100 + digit(10) * 10 + digit(11);
        long contentLength = -1;
        boolean chunked = false;
        boolean closes = line[7] == '0';
        for (readLine(); lineLength > 0; readLine()) {
            int colon = indexOf((byte) ':');
            if (colon <= 0) {
                continue;
            }
            int valueStart = skipSpaces(colon + 1);
            int valueEnd = trimEnd(valueStart);
            if (nameIs(CONTENT_LENGTH, colon)) {
                contentLength = Long.parseLong(
                        new String(line, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
            } else if (nameIs(TRANSFER_ENCODING, colon)) {
                chunked = contains(CHUNKED, valueStart, valueEnd);
            } else if (nameIs(CONNECTION, colon)) {
                closes = valueEnd - valueStart == CLOSE.length && contains(CLOSE, valueStart, valueEnd);
            }
        }
        byte[] body;
        if (status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = readBytes((int) contentLength);
        } else {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(buffer, position, limit - position);
            position = limit;
            all.writeBytes(in.readAllBytes());
            body = all.toByteArray();
            closes = true;
        }
        return new HttpResponse(status, body, closes);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            readLine();
            int semicolon = indexOf((byte) ';');
            int end = semicolon < 0 ? lineLength : semicolon;
            int size = Integer.parseInt(new String(line, 0, end, StandardCharsets.ISO_8859_1).trim(), 16);
            if (size == 0) {
                for (readLine(); lineLength > 0; readLine()) {
                    // trailers are read and ignored
                }
                return body.toByteArray();
            }
            body.writeBytes(readBytes(size));
            readLine();
        }
    }

    /** Exactly {@code count} bytes, from what was read and then from the socket. */
    private byte[] readBytes(int count) throws IOException {
        byte[] bytes = new byte[count];
        int buffered = Math.min(count, limit - position);
        System.arraycopy(buffer, position, bytes, 0, buffered);
        position += buffered;
        int read = buffered;
        while (read < count) {
            int n = in.read(bytes, read, count - read);
            if (n < 0) {
                throw new EOFException("body ended after " + read + " of " + count + " bytes");
            }
            read += n;
        }
        return bytes;
    }

    /** Reads one line into {@code line} (its length in {@code lineLength}), without its LF and a CR before it. */
    private void readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (position == limit) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    throw new EOFException("connection closed by the server");
                }
                position = 0;
                limit = n;
            }
            byte b = buffer[position++];
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return;
            }
            if (lineLength == line.length) {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = b;
        }
    }

    private boolean startsWith(byte[] prefix) {
        return Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
    }

    private int digit(int index) throws IOException {
        int value = line[index] - '0';
        if (value < 0 || value > 9) {
            throw new IOException(
                    "not an HTTP status: " + new String(line, 0, lineLength, StandardCharsets.ISO_8859_1));
        }
        return value;
    }

    private int indexOf(byte wanted) {
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private int skipSpaces(int from) {
        int i = from;
        while (i < lineLength && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        return i;
    }

    private int trimEnd(int from) {
        int end = lineLength;
        while (end > from && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        return end;
    }

    /** Whether the header name {@code line[0, colon)}, trimmed, is {@code lowerCaseName} in any case (RFC 9110 §5.1). */
    private boolean nameIs(byte[] lowerCaseName, int colon) {
        int end = colon;
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        return end == lowerCaseName.length && contains(lowerCaseName, 0, end);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    /** Whether {@code line[from, to)} contains {@code lowerCase} in any ASCII case. */
    private boolean contains(byte[] lowerCase, int from, int to) {
        for (int start = from; start + lowerCase.length <= to; start++) {
            int i = 0;
            while (i < lowerCase.length && lower(line[start + i]) == lowerCase[i]) {
                i++;
            }
            if (i == lowerCase.length) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing left to do
            }
            socket = null;
        }
    }

    /** A response: status, body and whether the server closes the connection after it. */
    public record HttpResponse(int status, byte[] body, boolean closes) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
