package dev.stampede.server.kv;

import dev.stampede.core.kv.KvCondition;
import dev.stampede.core.kv.KvEntry;
import dev.stampede.core.kv.KvStore;
import dev.stampede.core.kv.KvWrite;
import java.util.Optional;

/** The key-value store behind {@code /api/kv}: reads, and conditional writes counted by outcome. */
public final class KeyValues {

    private final KvStore store;
    private final KvMetrics metrics;

    public KeyValues(KvStore store, KvMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    public Optional<KvEntry> find(String key) {
        return store.get(key);
    }

    /** Creates the key if it does not exist. */
    public KvWrite<KvEntry> create(String key, String value) {
        return metrics.record("create", store.create(key, value));
    }

    /** Replaces the value of a key that satisfies {@code condition}. */
    public KvWrite<KvEntry> update(String key, String value, KvCondition condition) {
        return metrics.record("update", store.update(key, value, condition));
    }

    /** Deletes a key that satisfies {@code condition}; an applied delete answers the revision it took. */
    public KvWrite<Long> delete(String key, KvCondition condition) {
        return metrics.record("delete", store.delete(key, condition));
    }
}
