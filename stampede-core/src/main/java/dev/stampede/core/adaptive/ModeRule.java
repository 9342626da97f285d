package dev.stampede.core.adaptive;

/**
 * Decides one SKU's {@link Mode} from what its purchases see. {@link AdaptivePurchase} keeps one rule per SKU and calls
 * it under that SKU's lock, never concurrently (an arrival that finds the lock taken is not counted); it applies every
 * change of mode the rule answers. The rule of the service is {@link ConflictRateRule}.
 */
public interface ModeRule {

    /**
     * A purchase of the SKU arrived while the SKU is in {@code mode}.
     *
     * @param inFlight the other purchases of the SKU in flight on this instance when it arrived (0 when none): inside
     *     either path or waiting for an optimistic turn
     * @param nowMillis the time of arrival, milliseconds since the epoch (the strategy's clock)
     * @return the mode the SKU is in from now on ({@code mode} when unchanged)
     */
    Mode arrived(Mode mode, int inFlight, long nowMillis);

    /**
     * A purchase sold in {@link Mode#OPTIMISTIC} mode ended after {@code attempts} attempts, {@code conflicts} of which
     * lost a race (a version conflict) and were rolled back.
     *
     * @return the mode the SKU is in from now on ({@code mode} when unchanged)
     */
    Mode attempted(Mode mode, int attempts, int conflicts, long nowMillis);
}
