package dev.stampede.core.kv;

import java.util.Optional;

/**
 * Keys and values with etcd-style revisions. Every write takes a new revision of the whole store; revisions are unique,
 * and the writes of one key take growing revisions in the order they are applied. They may skip numbers (unlike
 * etcd's).
 *
 * <p>Each conditional write is decided atomically against the key's latest applied write: of two writes that expect
 * the same revision, one is applied and the other changes nothing and answers {@link KvWrite.PreconditionFailed} with
 * the key's revision then. A refusal is an answer, never an exception. Every method throws {@link
 * dev.stampede.core.StoreUnavailableException} when the store cannot be reached (nothing was written then).
 */
public interface KvStore {

    /** The key as stored now; empty if it does not exist. */
    Optional<KvEntry> get(String key);

    /** Creates the key at a new revision, version 1, if it does not exist; refused (the key's revision) if it does. */
    KvWrite<KvEntry> create(String key, String value);

    /** Replaces the value of an existing key that satisfies {@code condition}, at a new revision. */
    KvWrite<KvEntry> update(String key, String value, KvCondition condition);

    /** Deletes a key that satisfies {@code condition}; an applied delete answers the revision it took. */
    KvWrite<Long> delete(String key, KvCondition condition);
}
