package dev.stampede.core.kv;

import java.util.Set;

/** What an update or a delete requires of the key; the write happens only if the key satisfies it at that moment. */
public sealed interface KvCondition {

    /** Whether a key whose latest write took {@code modRevision} satisfies this condition. */
    boolean admits(long modRevision);

    /** The key exists and its latest write is one of {@code revisions} (none: nothing satisfies the condition). */
    record AtRevision(Set<Long> revisions) implements KvCondition {
        public AtRevision {
            revisions = Set.copyOf(revisions);
        }

        @Override
        public boolean admits(long modRevision) {
            return revisions.contains(modRevision);
        }
    }

    /** The key exists, whatever its revision. */
    record Exists() implements KvCondition {
        @Override
        public boolean admits(long modRevision) {
            return true;
        }
    }
}
