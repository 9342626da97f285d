package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every key-value request a client can get wrong is a 4xx problem, and leaves the stored key as it was. */
class KvBadRequestApiTest extends KvApiTest {

    private String key;
    private Reply before;

    @BeforeEach
    void storedKey() {
        key = newKey();
        create(key, "stored");
        before = read(key);
    }

    private void unchanged() {
        Reply now = read(key);
        assertThat(now.json()).isEqualTo(before.json());
        assertThat(now.header("ETag")).isEqualTo(before.header("ETag"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a%20b", "a%2Bb", "a*b", "a%25b", "caf%C3%A9", "a~b"})
    void aKeyOutsideTheAllowedCharactersIsRefusedOnEveryMethod(String badKey) {
        read(badKey).isProblem(400, "validation");
        put(badKey, "x", "If-None-Match", "*").isProblem(400, "validation");
        Reply deleted = delete(badKey, "If-Match", "*").isProblem(400, "validation");

        assertThat(deleted.json().path("field").asString()).isEqualTo("key");
    }

    @Test
    void aKeyOfMoreThan200CharactersIsRefusedAndOneOf200IsTaken() {
        put("k".repeat(201), "x", "If-None-Match", "*").isProblem(400, "validation");

        String longest = (key + "-" + "k".repeat(200)).substring(0, 200);
        assertThat(put(longest, "x", "If-None-Match", "*").status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"1", "\"1", "1\"", "W/1", "w/\"1\"", "\"1\" \"2\"", "*, \"1\"", "\"*\"*", ",", " ", "\"a b\""})
    void aMalformedIfMatchIsRefusedOnPutAndDelete(String ifMatch) {
        Reply put = put(key, "changed", "If-Match", ifMatch).isProblem(400, "validation");
        delete(key, "If-Match", ifMatch).isProblem(400, "validation");

        assertThat(put.json().path("field").asString()).isEqualTo("If-Match");
        unchanged();
    }

    @Test
    void ifNoneMatchOnAWriteIsStarAloneAndNeverWithIfMatch() {
        put(key, "changed", "If-None-Match", before.header("ETag")).isProblem(400, "validation");
        put(key, "changed", "If-None-Match", "*", "If-Match", "*").isProblem(400, "validation");
        delete(key, "If-None-Match", "*").isProblem(400, "validation");
        delete(key, "If-None-Match", "*", "If-Match", before.header("ETag")).isProblem(400, "validation");

        unchanged();
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{}", "validation"),
                Arguments.of("{\"value\":null}", "validation"),
                Arguments.of("{\"value\":\"nul \\u0000 inside\"}", "validation"),
                Arguments.of("{\"value\":\"lone \\ud800 surrogate\"}", "validation"),
                Arguments.of("{\"value\":5}", "malformed-body"),
                Arguments.of("{\"value\":true}", "malformed-body"),
                Arguments.of("{\"value\":[\"a\"]}", "malformed-body"),
                Arguments.of("{\"value\":\"a\",\"ttl\":5}", "malformed-body"),
                Arguments.of("{\"value\":\"a\"", "malformed-body"),
                Arguments.of("\"a\"", "malformed-body"),
                Arguments.of("", "malformed-body"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void anInvalidBodyIsRefusedWhateverThePrecondition(String body, String type) {
        putJson(key, body, "If-Match", before.header("ETag")).isProblem(400, type);
        putJson(key, body, "If-Match", "*").isProblem(400, type);
        putJson(newKey(), body, "If-None-Match", "*").isProblem(400, type);

        unchanged();
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaTypeAndAnOversizedOneTooLarge() {
        send(request("/api/kv/" + key)
                        .header("Content-Type", "text/plain")
                        .header("If-Match", "*")
                        .PUT(HttpRequest.BodyPublishers.ofString("changed"))
                        .build())
                .isProblem(415, "unsupported-media-type");
        put(key, "x".repeat(5_000), "If-Match", "*").isProblem(413, "payload-too-large");

        unchanged();
    }

    @Test
    void aMethodTheApiDoesNotOfferIsNotAllowed() {
        send(request("/api/kv/" + key)
                        .header("Content-Type", JSON)
                        .POST(HttpRequest.BodyPublishers.ofString(body("changed")))
                        .build())
                .isProblem(405, "method-not-allowed");

        unchanged();
    }
}
