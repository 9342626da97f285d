package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;

/**
 * Errors raised below the framework are problems too: requests Tomcat refuses before any servlet runs (a path it will
 * not decode, a malformed request line or header) and errors it hands to Spring Boot's {@code /error} page (a body
 * that stalls past the connection timeout: 408). Its own context, for a short connection timeout.
 */
@TestPropertySource(properties = "server.tomcat.connection-timeout=1s")
class ContainerErrorApiTest extends ApiTest {

    static Stream<Arguments> pathsTheContainerRefuses() {
        return Stream.of("GET /api/kv/", "PUT /api/kv/", "DELETE /api/kv/", "GET /api/skus/", "POST /api/skus/")
                .flatMap(prefix -> Stream.of("a%2Fb", "a%5Cb", "a%00b", "a%ZZb", "a%")
                        .map(segment -> Arguments.of(prefix.split(" ")[0], prefix.split(" ")[1] + segment)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pathsTheContainerRefuses")
    void aPathTheContainerRefusesIsAMalformedRequestProblem(String method, String target) {
        sendRaw(RawHttp.Request.of(method, target).json("{\"value\":\"v\"}")).isProblem(400, "malformed-request");
    }

    @Test
    void aMalformedRequestLineOrHeaderIsAMalformedRequestProblem() {
        sendRaw(RawHttp.Request.of("GET", "/api/ping extra")).isProblem(400, "malformed-request");
        sendRaw(RawHttp.Request.of("G(T", "/api/ping")).isProblem(400, "malformed-request");
        sendRaw(RawHttp.Request.of("GET", "/api/ping").header("X-Control: a\u0001b"))
                .isProblem(400, "malformed-request");
        sendRaw(RawHttp.Request.of("GET", "/api/ping").header("X-Big: " + "a".repeat(20_000)))
                .isProblem(400, "malformed-request");
    }

    @Test
    void aQueryTheContainerCannotDecodeIsAMalformedRequestProblem() {
        sendRaw(RawHttp.Request.of("DELETE", "/api/holds/redis_x?holderId=%ZZ")).isProblem(400, "malformed-request");
        sendRaw(RawHttp.Request.of("GET", "/api/transfers/audit?accountPrefix=%E0%A4"))
                .isProblem(400, "malformed-request");
    }

    @Test
    void aBodyThatStallsIsARequestTimeoutProblemAndBuysNothing() {
        String sku = newSku(5, "conditional");

        Reply stalled = sendRaw(RawHttp.Request.of("POST", "/api/skus/" + sku + "/purchases")
                        .header("Content-Type: application/json")
                        .header("Content-Length: 100")
                        .body("{\"buyerId\":\"slow\"".getBytes(StandardCharsets.UTF_8)))
                .isProblem(408, "request-timeout");

        assertThat(stalled.json().path("instance").asString()).isEqualTo("/api/skus/" + sku + "/purchases");
        assertThat(audit(sku).path("orders").asInt()).isZero();
    }

    @Test
    void anUnknownPathIsANotFoundProblem() {
        sendRaw(RawHttp.Request.of("GET", "/no/such/path")).isProblem(404, "not-found");
    }
}
