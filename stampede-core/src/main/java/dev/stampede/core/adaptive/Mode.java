package dev.stampede.core.adaptive;

/** How the {@code adaptive} strategy sells one SKU now; its name is the strategy it behaves as. */
public enum Mode {
    /** Version check, no lock ({@code optimistic}): the mode a SKU starts in. */
    OPTIMISTIC("optimistic"),
    /** One writer per SKU commits queued purchases in batches ({@code batched}, group commit). */
    BATCHED("batched");

    private final String strategy;

    Mode(String strategy) {
        this.strategy = strategy;
    }

    /** The name of the strategy this mode behaves as: {@code optimistic} or {@code batched}. */
    public String strategy() {
        return strategy;
    }

    /** The direction of a switch into this mode, as metered: {@code escalate} (to batched) or {@code step_down}. */
    public String directionInto() {
        return this == BATCHED ? "escalate" : "step_down";
    }
}
