package dev.stampede.core.transfer;

/**
 * A concurrency-control mechanism that moves money between two accounts.
 *
 * <p>Implementations must conserve money (the sum of balances and reservations never changes), never leave a balance
 * negative, write a ledger pair (debit and credit) for each committed transfer in the same transaction as the balance
 * change that completes it, apply an idempotency key at most once per paying account, and answer contention with
 * {@link TransferResult.Busy} after bounded retries, never with a deadlock error. The caller guarantees {@code from}
 * and {@code to} differ.
 */
public interface TransferStrategy {

    /** The name clients use to choose it, for example {@code pessimistic}. */
    String name();

    TransferResult transfer(TransferRequest request);
}
