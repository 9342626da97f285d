package dev.stampede.bench.scenario;

import java.util.Arrays;

/** The experiments of the seeds, with their published shapes as defaults. */
public enum Scenario {
    FLASH_SALE("flash-sale", 15_000, 10_000, "15,000 VUs x 1 iteration released at once for 10,000 units (seed 000)"),
    LAST_TICKET("last-ticket", 1_000, 1, "1,000 VUs x 1 iteration for 1 unit (seed 001)"),
    MILLION("million", 2_000, 10_000, "1,000,000 buyers at a constant arrival rate for 10,000 units (seed 003)"),
    HTTP("http", 100, 0, "any HTTP endpoint: --request, --body, --outcome, optional --audit-sql"),
    TRANSFERS(
            "transfers", 200, 0, "seed 004: 10 accounts, 200 users in a closed loop, optional --work-ms per transfer"),
    SEAT_HOLDS(
            "seat-holds",
            100,
            200,
            "seed 002: ramping VUs 0->30->50->100->100->0 over 2 min, hold 1-3 free seats of 200, think, release"),
    HOT_ROW("hot-row", 24, 10_000, "the database alone on one hot row: plain JDBC, per-transaction and batched");

    private final String id;
    private final int defaultVus;
    private final int defaultStock;
    private final String description;

    Scenario(String id, int defaultVus, int defaultStock, String description) {
        this.id = id;
        this.defaultVus = defaultVus;
        this.defaultStock = defaultStock;
        this.description = description;
    }

    public String id() {
        return id;
    }

    /** VUs for closed models; for {@code million}, the most VUs the open model may use. */
    public int defaultVus() {
        return defaultVus;
    }

    public int defaultStock() {
        return defaultStock;
    }

    public String description() {
        return description;
    }

    public static Scenario of(String id) {
        return Arrays.stream(values())
                .filter(s -> s.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + id + "'; use one of "
                        + Arrays.stream(values()).map(Scenario::id).toList()));
    }
}
