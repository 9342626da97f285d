package dev.stampede.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRequestBytesTest {

    private static String text(byte[] request) {
        return new String(request, StandardCharsets.UTF_8);
    }

    @Test
    void oneHeadServesManyBodiesEachWithItsOwnLength() {
        HttpRequestBytes.Head head = HttpRequestBytes.head(
                "POST",
                URI.create("http://127.0.0.1:8080/api/skus/s1/purchases"),
                Map.of("Content-Type", "application/json"));

        assertThat(text(head.with("{\"buyerId\":\"vu-1-0\"}")))
                .isEqualTo(
                        "POST /api/skus/s1/purchases HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json"
                                + "\r\nContent-Length: 20\r\n\r\n{\"buyerId\":\"vu-1-0\"}");
        assertThat(text(head.with("{\"buyerId\":\"vu-12-3\",\"note\":\"é\"}")))
                .endsWith("\r\nContent-Length: 33\r\n\r\n{\"buyerId\":\"vu-12-3\",\"note\":\"é\"}");
    }

    @Test
    void aRequestWithoutBodyHasNoContentLengthAndKeepsItsQuery() {
        assertThat(text(HttpRequestBytes.of("GET", URI.create("http://h:81/api/ping?x=1"), Map.of(), null)))
                .isEqualTo("GET /api/ping?x=1 HTTP/1.1\r\nHost: h:81\r\n\r\n");
    }
}
