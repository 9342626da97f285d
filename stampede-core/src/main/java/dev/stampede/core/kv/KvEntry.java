package dev.stampede.core.kv;

/**
 * A key as stored.
 *
 * @param createRevision the store revision of the write that created the key (a key deleted and created again has a
 *     new one)
 * @param modRevision the store revision of the key's latest write: its entity tag over HTTP
 * @param version how many writes the key has had since it was created (1 after the create)
 */
public record KvEntry(String key, String value, long createRevision, long modRevision, long version) {}
