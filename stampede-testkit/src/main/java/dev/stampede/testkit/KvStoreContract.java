package dev.stampede.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.kv.KvCondition.AtRevision;
import dev.stampede.core.kv.KvCondition.Exists;
import dev.stampede.core.kv.KvEntry;
import dev.stampede.core.kv.KvStore;
import dev.stampede.core.kv.KvWrite;
import dev.stampede.core.kv.KvWrite.Applied;
import dev.stampede.core.kv.KvWrite.PreconditionFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KvStore} must do: etcd-style revisions and versions, conditional writes decided atomically (one
 * of two writes expecting the same revision wins, the other changes nothing and answers the current revision), no
 * lost update under concurrent compare-and-set. An implementation's test supplies the store; keys are unique per test.
 */
public abstract class KvStoreContract {

    protected abstract KvStore store();

    private final String key = "kv-" + UUID.randomUUID();

    @Test
    void aCreatedKeyIsAtVersionOneAndWasCreatedAtItsOwnRevision() {
        KvEntry created = applied(store().create(key, "one"));

        assertThat(created.key()).isEqualTo(key);
        assertThat(created.value()).isEqualTo("one");
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.createRevision()).isPositive().isEqualTo(created.modRevision());
        assertThat(store().get(key)).contains(created);
    }

    @Test
    void aSecondCreateIsRefusedWithTheCurrentRevisionAndChangesNothing() {
        KvEntry created = applied(store().create(key, "first"));

        assertThat(store().create(key, "second")).isEqualTo(refusedAt(created.modRevision()));
        assertThat(store().get(key)).contains(created);
    }

    @Test
    void anUpdateAtTheCurrentRevisionTakesANewOneAndCountsTheVersion() {
        KvEntry created = applied(store().create(key, "a"));

        KvEntry updated = applied(store().update(key, "b", at(created.modRevision())));

        assertThat(updated.value()).isEqualTo("b");
        assertThat(updated.modRevision()).isGreaterThan(created.modRevision());
        assertThat(updated.createRevision()).isEqualTo(created.createRevision());
        assertThat(updated.version()).isEqualTo(2);
        assertThat(store().get(key)).contains(updated);
    }

    @Test
    void anUpdateAtAStaleRevisionIsRefusedWithTheCurrentOneAndChangesNothing() {
        KvEntry created = applied(store().create(key, "a"));
        KvEntry updated = applied(store().update(key, "b", at(created.modRevision())));

        assertThat(store().update(key, "c", at(created.modRevision()))).isEqualTo(refusedAt(updated.modRevision()));
        assertThat(store().delete(key, at(created.modRevision()))).isEqualTo(refusedAt(updated.modRevision()));
        assertThat(store().update(key, "c", new AtRevision(Set.of()))).isEqualTo(refusedAt(updated.modRevision()));
        assertThat(store().get(key)).contains(updated);
    }

    @Test
    void anUpdateMayNameSeveralRevisionsAndIsAppliedIfTheCurrentOneIsAmongThem() {
        KvEntry created = applied(store().create(key, "a"));

        KvEntry updated = applied(
                store().update(key, "b", new AtRevision(Set.of(created.modRevision() - 1, created.modRevision()))));

        assertThat(updated.version()).isEqualTo(2);
    }

    @Test
    void anyRevisionWillDoWhenTheConditionIsThatTheKeyExists() {
        applied(store().create(key, "a"));

        KvEntry updated = applied(store().update(key, "b", new Exists()));
        long deletedAt = applied(store().delete(key, new Exists()));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(deletedAt).isGreaterThan(updated.modRevision());
        assertThat(store().get(key)).isEmpty();
    }

    @Test
    void noConditionOnAnAbsentKeyHoldsAndNothingIsCreated() {
        PreconditionFailed<?> absent = new PreconditionFailed<>(OptionalLong.empty());

        assertThat(store().update(key, "a", new Exists())).isEqualTo(absent);
        assertThat(store().update(key, "a", at(1))).isEqualTo(absent);
        assertThat(store().delete(key, new Exists())).isEqualTo(absent);
        assertThat(store().delete(key, at(1))).isEqualTo(absent);
        assertThat(store().get(key)).isEmpty();
    }

    @Test
    void aDeleteTakesARevisionAndTheKeyCreatedAgainStartsOver() {
        KvEntry first = applied(store().create(key, "a"));
        KvEntry second = applied(store().update(key, "b", at(first.modRevision())));

        long deletedAt = applied(store().delete(key, at(second.modRevision())));
        KvEntry again = applied(store().create(key, "c"));

        assertThat(deletedAt).isGreaterThan(second.modRevision());
        assertThat(again.createRevision()).isGreaterThan(deletedAt);
        assertThat(again.version()).isEqualTo(1);
        assertThat(store().update(key, "d", at(second.modRevision()))).isEqualTo(refusedAt(again.modRevision()));
    }

    @Test
    void everyAppliedWriteOfAnyKeyTakesALargerRevisionThanTheOneBefore() {
        List<String> keys = List.of(key + "-a", key + "-b", key + "-c");
        List<Long> revisions = new ArrayList<>();
        for (String each : keys) {
            revisions.add(applied(store().create(each, "0")).modRevision());
        }
        for (int round = 1; round <= 3; round++) {
            for (String each : keys) {
                KvEntry current = store().get(each).orElseThrow();
                revisions.add(applied(store().update(each, "" + round, at(current.modRevision())))
                        .modRevision());
            }
        }
        revisions.add(applied(store().delete(keys.get(1), new Exists())));

        assertThat(revisions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void concurrentCompareAndSetIncrementsLoseNoUpdate() {
        applied(store().create(key, "0"));

        List<Integer> refusals = ConcurrentCalls.run(16, 400, call -> {
            for (int refused = 0; ; refused++) {
                KvEntry read = store().get(key).orElseThrow();
                String next = Integer.toString(Integer.parseInt(read.value()) + 1);
                if (store().update(key, next, at(read.modRevision())) instanceof Applied<?>) {
                    return refused;
                }
            }
        });

        KvEntry last = store().get(key).orElseThrow();
        assertThat(refusals).hasSize(400);
        assertThat(last.value()).isEqualTo("400");
        assertThat(last.version()).isEqualTo(401);
    }

    @Test
    void ofConcurrentCreatesOfOneKeyExactlyOneIsApplied() {
        List<KvWrite<KvEntry>> creates = ConcurrentCalls.run(8, 8, call -> store().create(key, "by-" + call));

        List<KvEntry> winners = creates.stream()
                .filter(Applied.class::isInstance)
                .map(write -> ((Applied<KvEntry>) write).result())
                .toList();
        assertThat(winners).hasSize(1);
        assertThat(creates)
                .filteredOn(PreconditionFailed.class::isInstance)
                .containsOnly(
                        KvStoreContract.<KvEntry>refusedAt(winners.getFirst().modRevision()))
                .hasSize(7);
        assertThat(store().get(key)).contains(winners.getFirst());
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
