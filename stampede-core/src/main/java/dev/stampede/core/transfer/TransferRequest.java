package dev.stampede.core.transfer;

import java.util.Objects;

/**
 * Move {@code amount} minor units (cents) from one account to another.
 *
 * @param idempotencyKey the client's key, or {@code null}; scoped per paying account
 */
public record TransferRequest(String from, String to, long amount, String idempotencyKey) {

    public TransferRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive, was " + amount);
        }
    }

    public static TransferRequest of(String from, String to, long amount) {
        return new TransferRequest(from, to, amount, null);
    }

    /** The two accounts in id order: every strategy locks or updates them in this order, so none can deadlock. */
    public String first() {
        return from.compareTo(to) <= 0 ? from : to;
    }

    public String second() {
        return from.compareTo(to) <= 0 ? to : from;
    }
}
