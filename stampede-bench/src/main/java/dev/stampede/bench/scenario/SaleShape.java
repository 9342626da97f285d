package dev.stampede.bench.scenario;

/**
 * A sale as a seed published it: {@code vus} buyers released at the same instant, one purchase each, for
 * {@code stock} units.
 */
public record SaleShape(String scenario, int vus, int stock) {

    /** Seed 000: 15,000 VUs x 1 iteration released at once for 10,000 units. */
    public static final SaleShape FLASH_SALE = new SaleShape("flash-sale", 15_000, 10_000);

    /** Seed 001: 1,000 VUs x 1 iteration for the last unit. */
    public static final SaleShape LAST_TICKET = new SaleShape("last-ticket", 1_000, 1);
}
