package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConditionalWriteApiTest extends KvApiTest {

    @Test
    void aKeyCreatedWithIfNoneMatchStarIsReadBackWithItsRevisionAsAStrongETag() {
        String key = newKey();

        Reply created = put(key, "hello", "If-None-Match", "*");

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/kv/" + key);
        long revision = revision(created);
        JsonNode body = created.json();
        assertThat(body.path("key").asString()).isEqualTo(key);
        assertThat(body.path("value").asString()).isEqualTo("hello");
        assertThat(body.path("revision").asLong()).isEqualTo(revision);
        assertThat(body.path("createRevision").asLong()).isEqualTo(revision);
        assertThat(body.path("version").asLong()).isEqualTo(1);
        Reply read = read(key);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo(tag(revision));
        assertThat(read.json()).isEqualTo(body);
    }

    @Test
    void creatingAKeyThatExistsFailsThePreconditionWithItsRevisionAndChangesNothing() {
        String key = newKey();
        long revision = create(key, "first");

        Reply refused = put(key, "second", "If-None-Match", "*").isProblem(412, "precondition-failed");

        assertThat(refused.json().path("currentRevision").asLong()).isEqualTo(revision);
        assertThat(read(key).json().path("value").asString()).isEqualTo("first");
        assertThat(revision(read(key))).isEqualTo(revision);
    }

    @Test
    void aPutAtTheCurrentRevisionIsAppliedWithANewETagAndCountsTheVersion() {
        String key = newKey();
        long created = create(key, "a");

        Reply updated = put(key, "b", "If-Match", tag(created));

        assertThat(updated.status()).as(updated.raw().body()).isEqualTo(200);
        long revision = revision(updated);
        assertThat(revision).isGreaterThan(created);
        assertThat(updated.json().path("revision").asLong()).isEqualTo(revision);
        assertThat(updated.json().path("createRevision").asLong()).isEqualTo(created);
        assertThat(updated.json().path("version").asLong()).isEqualTo(2);
        assertThat(read(key).json()).isEqualTo(updated.json());
    }

    @Test
    void aPutAtAStaleRevisionFailsThePreconditionWithTheCurrentOneAndChangesNothing() {
        String key = newKey();
        long created = create(key, "a");
        Reply current = put(key, "b", "If-Match", tag(created));

        Reply refused = put(key, "c", "If-Match", tag(created)).isProblem(412, "precondition-failed");

        assertThat(refused.json().path("currentRevision").asLong()).isEqualTo(revision(current));
        assertThat(refused.json().path("detail").asString()).contains("revision " + revision(current));
        assertThat(read(key).json()).isEqualTo(current.json());
    }

    @Test
    void ifMatchTakesAListOrStarAndComparesStronglySoAWeakTagNeverMatches() {
        String key = newKey();
        long revision = create(key, "0");

        put(key, "weak", "If-Match", "W/" + tag(revision)).isProblem(412, "precondition-failed");
        put(key, "zero-padded", "If-Match", "\"0" + revision + "\"").isProblem(412, "precondition-failed");
        Reply listed = put(key, "1", "If-Match", "\"1\", W/\"2\",," + tag(revision) + " ");
        Reply starred = put(key, "2", "If-Match", "*");
        Reply twoFields = put(key, "3", "If-Match", tag(1), "If-Match", tag(revision(starred)));

        assertThat(listed.status()).as(listed.raw().body()).isEqualTo(200);
        assertThat(starred.status()).as(starred.raw().body()).isEqualTo(200);
        assertThat(twoFields.status()).as(twoFields.raw().body()).isEqualTo(200);
        assertThat(read(key).json().path("version").asLong()).isEqualTo(4);
    }

    @Test
    void writesUnderIfMatchToAKeyThatDoesNotExistFailThePreconditionWithoutARevision() {
        String key = newKey();

        Reply put = put(key, "a", "If-Match", tag(1)).isProblem(412, "precondition-failed");
        Reply starred = put(key, "a", "If-Match", "*").isProblem(412, "precondition-failed");
        Reply deleted = delete(key, "If-Match", "*").isProblem(412, "precondition-failed");

        for (Reply refused : List.of(put, starred, deleted)) {
            assertThat(refused.json().has("currentRevision")).isTrue();
            assertThat(refused.json().path("currentRevision").isNull()).isTrue();
            assertThat(refused.json().path("detail").asString()).contains("does not exist");
        }
        read(key).isProblem(404, "unknown-key");
    }

    @Test
    void aDeleteAtTheCurrentRevisionIsNoContentAndTheKeyCreatedAgainStartsOver() {
        String key = newKey();
        long created = create(key, "a");
        long updated = revision(put(key, "b", "If-Match", tag(created)));

        Reply stale = delete(key, "If-Match", tag(created)).isProblem(412, "precondition-failed");
        assertThat(stale.json().path("currentRevision").asLong()).isEqualTo(updated);
        assertThat(revision(read(key))).isEqualTo(updated);

        assertThat(delete(key, "If-Match", tag(updated)).status()).isEqualTo(204);
        read(key).isProblem(404, "unknown-key");
        delete(key, "If-Match", tag(updated)).isProblem(412, "precondition-failed");

        long again = create(key, "c");
        assertThat(again).isGreaterThan(updated);
        assertThat(read(key).json().path("createRevision").asLong()).isEqualTo(again);
        assertThat(read(key).json().path("version").asLong()).isEqualTo(1);
    }

    @Test
    void aWriteWithoutAPreconditionIsRefusedAsPreconditionRequiredAndChangesNothing() {
        String key = newKey();
        long revision = create(key, "kept");

        Reply put = put(key, "lost").isProblem(428, "precondition-required");
        delete(key).isProblem(428, "precondition-required");
        put(newKey(), "never").isProblem(428, "precondition-required");

        assertThat(put.json().path("detail").asString()).contains("conditional writes only", "If-Match");
        assertThat(read(key).json().path("value").asString()).isEqualTo("kept");
        assertThat(revision(read(key))).isEqualTo(revision);
    }

    @Test
    void everyAppliedWriteOfAnyKeyTakesALargerRevisionThanTheOneBefore() {
        List<String> keys = List.of(newKey(), newKey(), newKey());
        List<Long> revisions = new ArrayList<>();
        for (String key : keys) {
            revisions.add(create(key, "0"));
        }
        for (int round = 1; round <= 3; round++) {
            for (String key : keys) {
                revisions.add(revision(put(key, "" + round, "If-Match", "*")));
            }
        }
        assertThat(delete(keys.get(0), "If-Match", "*").status()).isEqualTo(204);
        revisions.add(create(keys.get(0), "again"));

        assertThat(revisions).isSorted().doesNotHaveDuplicates();
        assertThat(read(keys.get(2)).json().path("version").asLong()).isEqualTo(4);
    }

    @Test
    void aReadWithTheCurrentTagInIfNoneMatchIsNotModified() {
        String key = newKey();
        long revision = create(key, "cached");

        Reply unchanged = send(request("/api/kv/" + key)
                .header("If-None-Match", tag(revision))
                .GET()
                .build());
        Reply changed = send(request("/api/kv/" + key)
                .header("If-None-Match", tag(revision - 1))
                .GET()
                .build());

        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.header("ETag")).isEqualTo(tag(revision));
        assertThat(changed.status()).isEqualTo(200);
    }

    @Test
    void aReadUnderAnIfMatchThatFailsIsRefusedWithTheCurrentRevision() {
        String key = newKey();
        long revision = create(key, "read");

        Reply refused = send(request("/api/kv/" + key)
                        .header("If-Match", tag(revision - 1))
                        .GET()
                        .build())
                .isProblem(412, "precondition-failed");
        Reply matched = send(request("/api/kv/" + key)
                .header("If-Match", "W/\"1\", " + tag(revision))
                .GET()
                .build());

        assertThat(refused.json().path("currentRevision").asLong()).isEqualTo(revision);
        assertThat(matched.status()).isEqualTo(200);
        assertThat(matched.json().path("value").asString()).isEqualTo("read");
    }

    @Test
    void prometheusCountsConditionalWritesByOperationAndOutcome() {
        String key = newKey();
        long revision = create(key, "a");
        put(key, "b", "If-Match", tag(revision));
        put(key, "c", "If-Match", tag(revision));

        String scrape = get("/actuator/prometheus").raw().body();

        assertThat(scrape)
                .contains("stampede_kv_writes_total{application=\"stampede\",operation=\"update\",outcome=\"applied\"}")
                .contains("operation=\"update\",outcome=\"precondition_failed\"")
                .contains("operation=\"create\",outcome=\"applied\"")
                .contains("operation=\"delete\",outcome=\"precondition_failed\"");
    }
}
