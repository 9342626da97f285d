package dev.stampede.jdbc.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.kv.KvCondition.AtRevision;
import dev.stampede.core.kv.KvCondition.Exists;
import dev.stampede.core.kv.KvEntry;
import dev.stampede.core.kv.KvStore;
import dev.stampede.core.kv.KvWrite;
import dev.stampede.core.kv.KvWrite.Applied;
import dev.stampede.core.kv.KvWrite.PreconditionFailed;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.testkit.ConcurrentCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JdbcKvStoreTest {

    private static final KvStore STORE = new JdbcKvStore(new Transactions(TestDatabase.dataSource()));

    private final String key = "kv-" + UUID.randomUUID();

    @Test
    void aCreatedKeyIsAtVersionOneAndWasCreatedAtItsOwnRevision() {
        KvEntry created = applied(STORE.create(key, "one"));

        assertThat(created.key()).isEqualTo(key);
        assertThat(created.value()).isEqualTo("one");
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.createRevision()).isPositive().isEqualTo(created.modRevision());
        assertThat(STORE.get(key)).contains(created);
    }

    @Test
    void aSecondCreateIsRefusedWithTheCurrentRevisionAndChangesNothing() {
        KvEntry created = applied(STORE.create(key, "first"));

        assertThat(STORE.create(key, "second")).isEqualTo(refusedAt(created.modRevision()));
        assertThat(STORE.get(key)).contains(created);
    }

    @Test
    void anUpdateAtTheCurrentRevisionTakesANewOneAndCountsTheVersion() {
        KvEntry created = applied(STORE.create(key, "a"));

        KvEntry updated = applied(STORE.update(key, "b", at(created.modRevision())));

        assertThat(updated.value()).isEqualTo("b");
        assertThat(updated.modRevision()).isGreaterThan(created.modRevision());
        assertThat(updated.createRevision()).isEqualTo(created.createRevision());
        assertThat(updated.version()).isEqualTo(2);
        assertThat(STORE.get(key)).contains(updated);
    }

    @Test
    void anUpdateAtAStaleRevisionIsRefusedWithTheCurrentOneAndChangesNothing() {
        KvEntry created = applied(STORE.create(key, "a"));
        KvEntry updated = applied(STORE.update(key, "b", at(created.modRevision())));

        assertThat(STORE.update(key, "c", at(created.modRevision()))).isEqualTo(refusedAt(updated.modRevision()));
        assertThat(STORE.delete(key, at(created.modRevision()))).isEqualTo(refusedAt(updated.modRevision()));
        assertThat(STORE.update(key, "c", new AtRevision(Set.of()))).isEqualTo(refusedAt(updated.modRevision()));
        assertThat(STORE.get(key)).contains(updated);
    }

    @Test
    void anUpdateMayNameSeveralRevisionsAndIsAppliedIfTheCurrentOneIsAmongThem() {
        KvEntry created = applied(STORE.create(key, "a"));

        KvEntry updated = applied(
                STORE.update(key, "b", new AtRevision(Set.of(created.modRevision() - 1, created.modRevision()))));

        assertThat(updated.version()).isEqualTo(2);
    }

    @Test
    void anyRevisionWillDoWhenTheConditionIsThatTheKeyExists() {
        applied(STORE.create(key, "a"));

        KvEntry updated = applied(STORE.update(key, "b", new Exists()));
        long deletedAt = applied(STORE.delete(key, new Exists()));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(deletedAt).isGreaterThan(updated.modRevision());
        assertThat(STORE.get(key)).isEmpty();
    }

    @Test
    void noConditionOnAnAbsentKeyHoldsAndNothingIsCreated() {
        PreconditionFailed<?> absent = new PreconditionFailed<>(OptionalLong.empty());

        assertThat(STORE.update(key, "a", new Exists())).isEqualTo(absent);
        assertThat(STORE.update(key, "a", at(1))).isEqualTo(absent);
        assertThat(STORE.delete(key, new Exists())).isEqualTo(absent);
        assertThat(STORE.delete(key, at(1))).isEqualTo(absent);
        assertThat(STORE.get(key)).isEmpty();
    }

    @Test
    void aDeleteTakesARevisionAndTheKeyCreatedAgainStartsOver() {
        KvEntry first = applied(STORE.create(key, "a"));
        KvEntry second = applied(STORE.update(key, "b", at(first.modRevision())));

        long deletedAt = applied(STORE.delete(key, at(second.modRevision())));
        KvEntry again = applied(STORE.create(key, "c"));

        assertThat(deletedAt).isGreaterThan(second.modRevision());
        assertThat(again.createRevision()).isGreaterThan(deletedAt);
        assertThat(again.version()).isEqualTo(1);
        assertThat(STORE.update(key, "d", at(second.modRevision()))).isEqualTo(refusedAt(again.modRevision()));
    }

    @Test
    void everyAppliedWriteOfAnyKeyTakesALargerRevisionThanTheOneBefore() {
        List<String> keys = List.of(key + "-a", key + "-b", key + "-c");
        List<Long> revisions = new ArrayList<>();
        for (String each : keys) {
            revisions.add(applied(STORE.create(each, "0")).modRevision());
        }
        for (int round = 1; round <= 3; round++) {
            for (String each : keys) {
                KvEntry current = STORE.get(each).orElseThrow();
                revisions.add(applied(STORE.update(each, "" + round, at(current.modRevision())))
                        .modRevision());
            }
        }
        revisions.add(applied(STORE.delete(keys.get(1), new Exists())));

        assertThat(revisions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void concurrentCompareAndSetIncrementsLoseNoUpdate() {
        applied(STORE.create(key, "0"));

        List<Integer> refusals = ConcurrentCalls.run(16, 400, call -> {
            for (int refused = 0; ; refused++) {
                KvEntry read = STORE.get(key).orElseThrow();
                String next = Integer.toString(Integer.parseInt(read.value()) + 1);
                if (STORE.update(key, next, at(read.modRevision())) instanceof Applied<?>) {
                    return refused;
                }
            }
        });

        KvEntry last = STORE.get(key).orElseThrow();
        assertThat(refusals).hasSize(400);
        assertThat(last.value()).isEqualTo("400");
        assertThat(last.version()).isEqualTo(401);
    }

    @Test
    void ofConcurrentCreatesOfOneKeyExactlyOneIsApplied() {
        List<KvWrite<KvEntry>> creates = ConcurrentCalls.run(8, 8, call -> STORE.create(key, "by-" + call));

        List<KvEntry> winners = creates.stream()
                .filter(Applied.class::isInstance)
                .map(write -> ((Applied<KvEntry>) write).result())
                .toList();
        assertThat(winners).hasSize(1);
        assertThat(creates)
                .filteredOn(PreconditionFailed.class::isInstance)
                .containsOnly(
                        JdbcKvStoreTest.<KvEntry>refusedAt(winners.getFirst().modRevision()))
                .hasSize(7);
        assertThat(STORE.get(key)).contains(winners.getFirst());
    }

    private static AtRevision at(long revision) {
        return new AtRevision(Set.of(revision));
    }

    private static <T> PreconditionFailed<T> refusedAt(long revision) {
        return new PreconditionFailed<>(OptionalLong.of(revision));
    }

    private static <T> T applied(KvWrite<T> write) {
        assertThat(write).isInstanceOf(Applied.class);
        return ((Applied<T>) write).result();
    }
}
