package dev.stampede.core.sale.token;

import java.util.List;
import java.util.OptionalInt;

/**
 * A SKU's tokens by state, as the {@link TokenLedger} has them at one instant: every token of the SKU is in exactly one
 * list. A token whose claim has expired is {@code free}.
 *
 * @param held tokens of open claims (claimed, not expired, not redeemed)
 * @param unitsInOrders the sum of the quantities of the SKU's orders, read in the same snapshot
 * @param maxPerBuyer the SKU's per-buyer limit in units; empty when it has none
 */
public record TokenStates(
        String skuId,
        int initialStock,
        List<Integer> free,
        List<Integer> held,
        List<Integer> redeemed,
        long unitsInOrders,
        OptionalInt maxPerBuyer) {

    public TokenStates {
        free = List.copyOf(free);
        held = List.copyOf(held);
        redeemed = List.copyOf(redeemed);
    }
}
