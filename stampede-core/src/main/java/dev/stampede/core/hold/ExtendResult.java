package dev.stampede.core.hold;

import java.time.Instant;

/** The answer to extending a hold. */
public sealed interface ExtendResult {

    /** The hold now expires at {@code expiresAt}; its seats and fencing token are unchanged. */
    record Extended(Instant expiresAt) implements ExtendResult {}

    /** No active hold has this id: never granted, released, confirmed or already expired. Nothing changed. */
    record NoSuchHold(String holdId) implements ExtendResult {}

    /** The hold belongs to someone else. Nothing changed. */
    record NotHolder(String holdId) implements ExtendResult {}

    /** A transient condition; nothing changed, try again later. */
    record Busy(String reason) implements ExtendResult {}
}
