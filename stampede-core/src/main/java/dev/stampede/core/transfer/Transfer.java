package dev.stampede.core.transfer;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A committed transfer: its ledger holds a debit of {@code from} and a credit of {@code to} of {@code amount}. */
public record Transfer(UUID id, String from, String to, long amount, Instant createdAt) {

    public Transfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
