package dev.stampede.core.kv;

import java.util.OptionalLong;

/**
 * What a conditional write did: it was applied at a new revision of the store, or it changed nothing because the key
 * was not as the write required.
 *
 * @param <T> what an applied write answers: the key as written, or the revision a delete took
 */
public sealed interface KvWrite<T> {

    /** The write was applied; {@code result} is the key as written, or the revision of the delete. */
    record Applied<T>(T result) implements KvWrite<T> {}

    /** Nothing was written: the key stands at {@code currentRevision}, or does not exist (empty). */
    record PreconditionFailed<T>(OptionalLong currentRevision) implements KvWrite<T> {}
}
