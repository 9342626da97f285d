package dev.stampede.payments;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The provider's book of charges, one entry per idempotency key, kept in memory for the life of the service. Every
 * decision about a key is made once, under that key's monitor: a second charge with the key waits for the first to be
 * decided and answers the same entry, so no key is ever charged twice (Stripe's idempotent requests). Keys never
 * contend with each other.
 */
final class PaymentLedger {

    /** What became of a key. */
    enum Status {
        CHARGED,
        DECLINED,
        /** Charged, then paid back by a cancellation. */
        REFUNDED,
        /** Cancelled before anything was charged: no charge will ever be made under the key. */
        VOIDED
    }

    /** One key's entry: {@code chargeId} is set for a charge that was made (kept once refunded). */
    record Entry(String key, long amount, Status status, String chargeId) {}

    private static final class Slot {
        volatile Entry entry;
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /**
     * The entry of {@code key}, deciding it with {@code decide} (which may take seconds: the provider's latency) if no
     * decision was made yet. Empty when the key names an entry of another amount.
     */
    Optional<Entry> charge(String key, long amount, Supplier<Status> decide) {
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        synchronized (slot) {
            if (slot.entry == null) {
                Status status = decide.get();
                slot.entry =
                        new Entry(key, amount, status, status == Status.CHARGED ? "ch_" + UUID.randomUUID() : null);
            }
            return slot.entry.amount() == amount || slot.entry.status() == Status.VOIDED
                    ? Optional.of(slot.entry)
                    : Optional.empty();
        }
    }

    /** The decided entry of {@code key}; empty if none was made, or its charge is still being decided. */
    Optional<Entry> lookUp(String key) {
        Slot slot = slots.get(key);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.entry);
    }

    /**
     * Ends {@code key}: a charge made under it becomes {@link Status#REFUNDED}; with none (nothing decided, or
     * declined) the key is {@link Status#VOIDED} unless it was declined. Waits for a charge being decided. Answers
     * the entry after.
     */
    Entry cancel(String key) {
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        synchronized (slot) {
            Entry entry = slot.entry;
            if (entry == null) {
                slot.entry = new Entry(key, 0, Status.VOIDED, null);
            } else if (entry.status() == Status.CHARGED) {
                slot.entry = new Entry(key, entry.amount(), Status.REFUNDED, entry.chargeId());
            }
            return slot.entry;
        }
    }

    /** Every decided entry, in no particular order: what the audit reads back. */
    List<Entry> entries() {
        return slots.values().stream()
                .map(slot -> slot.entry)
                .filter(entry -> entry != null)
                .toList();
    }
}
