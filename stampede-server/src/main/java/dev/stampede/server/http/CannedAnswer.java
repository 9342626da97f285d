package dev.stampede.server.http;

import dev.stampede.server.web.Problems;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole HTTP/1.1 response, problem+json and {@code Connection: close}, for the refusals made below the servlet
 * container, where no request has been parsed and no Spring handler can answer: written straight to the socket, which
 * is then closed.
 */
record CannedAnswer(byte[] bytes) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int DRAIN_LIMIT = 16 * 1024;

    /** {@code problem}'s status, type and title with {@code detail}; a busy answer carries {@code Retry-After: 1}. */
    static CannedAnswer of(Problems problem, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type().toString());
        body.put("title", problem.title());
        body.put("status", problem.status().value());
        body.put("detail", detail);
        byte[] json = JSON.writeValueAsBytes(body);
        String head =
                "HTTP/1.1 " + problem.status().value() + " " + problem.status().getReasonPhrase() + "\r\n"
                        + "Content-Type: application/problem+json\r\n"
                        + "Content-Length: " + json.length + "\r\n"
                        + (problem == Problems.BUSY ? "Retry-After: 1\r\n" : "")
                        + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] response = new byte[headBytes.length + json.length];
        System.arraycopy(headBytes, 0, response, 0, headBytes.length);
        System.arraycopy(json, 0, response, headBytes.length, json.length);
        return new CannedAnswer(response);
    }

    /**
     * Writes the answer without ever blocking (a client that reads nothing gets what fits in the socket's buffer),
     * then reads what the client has already sent, so that closing sends a FIN rather than a reset that could
     * discard the answer before the client reads it. The caller closes the socket.
     */
    void sendTo(SocketChannel socket) {
        try {
            socket.configureBlocking(false);
            socket.write(ByteBuffer.wrap(bytes));
            ByteBuffer sink = ByteBuffer.allocate(1024);
            for (int drained = 0; drained < DRAIN_LIMIT; drained += sink.position()) {
                sink.clear();
                if (socket.read(sink) <= 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // the client has gone: closing is all that is left
        }
    }
}
