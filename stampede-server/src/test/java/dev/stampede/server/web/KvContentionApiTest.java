package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.testkit.ConcurrentCalls;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Compare-and-set over HTTP under contention: every refusal is a retry, no write is lost, no create is doubled. */
class KvContentionApiTest extends KvApiTest {

    private static final int THREADS = 16;
    private static final int INCREMENTS = 400;

    /** What one increment saw: the revision and value it wrote, and how many times it was refused first. */
    private record Increment(long revision, int value, int refusals) {}

    @Autowired
    MeterRegistry meters;

    @Test
    void concurrentReadThenPutIfMatchIncrementsLoseNoUpdate() {
        String key = newKey();
        create(key, "0");
        double appliedBefore = updates("applied");
        double refusedBefore = updates("precondition_failed");

        List<Increment> increments = ConcurrentCalls.run(THREADS, INCREMENTS, call -> increment(key));

        Reply last = read(key);
        assertThat(increments).hasSize(INCREMENTS);
        assertThat(updates("applied") - appliedBefore).isEqualTo(INCREMENTS);
        assertThat(updates("precondition_failed") - refusedBefore)
                .as("every 412 the clients saw, and no other, was counted")
                .isEqualTo(increments.stream().mapToInt(Increment::refusals).sum());
        assertThat(last.json().path("value").asString()).isEqualTo("" + INCREMENTS);
        assertThat(last.json().path("version").asLong()).isEqualTo(INCREMENTS + 1);
        Map<Long, Integer> valueByRevision = new TreeMap<>();
        increments.forEach(increment -> valueByRevision.put(increment.revision(), increment.value()));
        assertThat(valueByRevision.values())
                .as("in revision order, the applied PUTs wrote 1, 2, ... %d", INCREMENTS)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, INCREMENTS)
                        .boxed()
                        .toList());
    }

    private double updates(String outcome) {
        return meters.get("stampede.kv.writes")
                .tags("operation", "update", "outcome", outcome)
                .counter()
                .count();
    }

    /** Reads the key, then PUTs its value plus one under If-Match, until a PUT is applied; only 412 may refuse it. */
    private Increment increment(String key) {
        for (int refusals = 0; ; refusals++) {
            Reply read = read(key);
            int next = Integer.parseInt(read.json().path("value").asString()) + 1;
            Reply put = put(key, "" + next, "If-Match", read.header("ETag"));
            if (put.status() == 200) {
                return new Increment(revision(put), next, refusals);
            }
            put.isProblem(412, "precondition-failed");
            assertThat(put.json().path("currentRevision").asLong()).isGreaterThan(revision(read));
        }
    }

    @RepeatedTest(5)
    void ofConcurrentCreatesOfOneKeyExactlyOneIsCreated() {
        String key = newKey();

        List<Reply> creates = ConcurrentCalls.run(8, 8, call -> put(key, "by-" + call, "If-None-Match", "*"));

        List<Reply> created =
                creates.stream().filter(reply -> reply.status() == 201).toList();
        assertThat(created).hasSize(1);
        long revision = revision(created.getFirst());
        for (Reply refused :
                creates.stream().filter(reply -> reply.status() != 201).toList()) {
            refused.isProblem(412, "precondition-failed");
            assertThat(refused.json().path("currentRevision").asLong()).isEqualTo(revision);
        }
        assertThat(read(key).json()).isEqualTo(created.getFirst().json());
    }
}
