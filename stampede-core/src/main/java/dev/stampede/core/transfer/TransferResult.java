package dev.stampede.core.transfer;

/** The answer to one {@link TransferRequest}; contention is never an exception. */
public sealed interface TransferResult {

    /** Committed ({@code replayed}: committed earlier under the same idempotency key). */
    record Transferred(Transfer transfer, boolean replayed) implements TransferResult {}

    /** The paying account holds only {@code available}; nothing was changed. */
    record InsufficientFunds(long available) implements TransferResult {}

    /** No account has this id; nothing was changed. */
    record UnknownAccount(String accountId) implements TransferResult {}

    /** The idempotency key was used before by this account for another transfer; nothing was changed. */
    record KeyReused(String key) implements TransferResult {}

    /** A transient condition (lock timeout, retries exhausted, database unreachable); nothing was changed. */
    record Busy(String reason) implements TransferResult {}
}
