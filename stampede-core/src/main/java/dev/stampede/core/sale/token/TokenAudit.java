package dev.stampede.core.sale.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The invariants of a SKU sold by tokens (issue 13, item 4): every token is free, claimed or redeemed, and they add up
 * to the initial stock; the remaining units (free and claimed) and the units in orders add up to it too; and the pool
 * agrees with the durable record.
 *
 * @param drift where the pool disagrees with the ledger now; empty when the pool is the ledger (PostgreSQL)
 * @param repaired tokens the reconciler has repaired in the pool's copy of this SKU since this instance started
 */
public record TokenAudit(
        String skuId,
        String pool,
        int initialStock,
        int free,
        int claimed,
        int redeemed,
        long unitsInOrders,
        Optional<PoolDrift> drift,
        long repaired) {

    static TokenAudit of(TokenStates states, String pool, Optional<PoolDrift> drift, long repaired) {
        return new TokenAudit(
                states.skuId(),
                pool,
                states.initialStock(),
                states.free().size(),
                states.held().size(),
                states.redeemed().size(),
                states.unitsInOrders(),
                drift,
                repaired);
    }

    /** Units not in an order: free and claimed tokens. */
    public int remaining() {
        return free + claimed;
    }

    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        if ((long) free + claimed + redeemed != initialStock) {
            violations.add("free %d + claimed %d + redeemed %d tokens != initial stock %d"
                    .formatted(free, claimed, redeemed, initialStock));
        }
        if (remaining() + unitsInOrders != initialStock) {
            violations.add("remaining %d + units in orders %d != initial stock %d"
                    .formatted(remaining(), unitsInOrders, initialStock));
        }
        drift.filter(d -> d.total() > 0)
                .ifPresent(d -> violations.add(
                        "%s disagrees with the durable record: %d stray free, %d lost, %d redeemed but still claimed"
                                .formatted(pool, d.strayFree(), d.lost(), d.unmarkedRedeemed())));
        return List.copyOf(violations);
    }

    public boolean passed() {
        return violations().isEmpty();
    }
}
