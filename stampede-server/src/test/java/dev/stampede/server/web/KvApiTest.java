package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;

/** Helpers for the key-value API: fresh keys, reads, and conditional writes with whatever headers a test sends. */
abstract class KvApiTest extends ApiTest {

    static String newKey() {
        return "kv:" + UUID.randomUUID();
    }

    static String body(String value) {
        return MAPPER.writeValueAsString(Map.of("value", value));
    }

    /** The revision an entity tag such as {@code "42"} stands for. */
    static long revision(Reply reply) {
        String tag = reply.header("ETag");
        assertThat(tag).as("ETag").matches("\"[1-9][0-9]*\"");
        return Long.parseLong(tag.substring(1, tag.length() - 1));
    }

    static String tag(long revision) {
        return "\"" + revision + "\"";
    }

    Reply read(String key) {
        return get("/api/kv/" + key);
    }

    /** A PUT of a raw JSON body, with the given header names and values. */
    Reply putJson(String key, String json, String... headers) {
        HttpRequest.Builder builder = request("/api/kv/" + key).header("Content-Type", JSON);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply put(String key, String value, String... headers) {
        return putJson(key, body(value), headers);
    }

    Reply delete(String key, String... headers) {
        HttpRequest.Builder builder = request("/api/kv/" + key);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.DELETE().build());
    }

    /** Creates {@code key} and answers its revision. */
    long create(String key, String value) {
        Reply created = put(key, value, "If-None-Match", "*");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return revision(created);
    }
}
