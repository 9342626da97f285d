package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conditional reads of a key (RFC 9110, sections 13.1.2 and 13.2.2): an {@code If-None-Match} that names the key,
 * {@code *} or a list holding its tag (weak comparison), is 304 with the tag; one that does not is 200; an
 * {@code If-Match} that fails is 412 first.
 */
class ConditionalReadApiTest extends KvApiTest {

    private Reply readIf(String key, String name, String value) {
        return send(request("/api/kv/" + key).header(name, value).GET().build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "\"%d\"", "W/\"%d\"", "\"999999\", \"%d\"", " \"1000000\" ,W/\"%d\" "})
    void aReadWhoseIfNoneMatchNamesTheKeyIsNotModified(String field) {
        String key = newKey();
        long revision = create(key, "v");

        Reply reply = readIf(key, "If-None-Match", field.formatted(revision));

        assertThat(reply.status()).isEqualTo(304);
        assertThat(reply.header("ETag")).isEqualTo(tag(revision));
        assertThat(reply.raw().body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"999999\"", "W/\"999999\", \"1000000\""})
    void aReadWhoseIfNoneMatchNamesOtherTagsIsAnsweredInFull(String field) {
        String key = newKey();
        long revision = create(key, "v");

        Reply reply = readIf(key, "If-None-Match", field);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(revision(reply)).isEqualTo(revision);
        assertThat(reply.json().path("value").asString()).isEqualTo("v");
    }

    @Test
    void ifNoneMatchStarOnAMissingKeyIsStillNotFound() {
        readIf(newKey(), "If-None-Match", "*").isProblem(404, "unknown-key");
    }

    @Test
    void aFailedIfMatchComesBeforeIfNoneMatch() {
        String key = newKey();
        create(key, "v");

        send(request("/api/kv/" + key)
                        .header("If-Match", "\"999999\"")
                        .header("If-None-Match", "*")
                        .GET()
                        .build())
                .isProblem(412, "precondition-failed");
    }

    @Test
    void aMalformedIfNoneMatchIsRefusedNamingIt() {
        String key = newKey();
        create(key, "v");

        Reply reply = readIf(key, "If-None-Match", "1").isProblem(400, "validation");

        assertThat(reply.json().path("field").asString()).isEqualTo("If-None-Match");
    }
}
