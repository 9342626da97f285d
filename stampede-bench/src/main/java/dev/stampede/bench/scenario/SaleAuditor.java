package dev.stampede.bench.scenario;

import dev.stampede.bench.load.OutcomeCounts;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.service.StampedeClient;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.SkuStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a sale after its run, SKU by SKU, from the service's audit endpoint and, when reachable, the database itself:
 * each SKU's invariants hold and both sources agree on it, and the store's orders over all the sale's SKUs agree with
 * the answers the bench saw ({@link OrdersAgainstAnswers}: every success an order, and no order beyond the successes
 * and the {@code outcome-unknown} answers). A {@code redis} SKU's database audit takes the stock the service reports
 * from Redis.
 *
 * <p>The audit waits first until the service has settled every purchase it decided (each SKU's audit reports no
 * {@code pendingOrders}: the {@code redis} and {@code quota} strategies' reconcilers have written or dropped every write-ahead record whose
 * buyer got no durable answer), polling the audit endpoint every 100 ms for at most {@code settleWithin} on {@code
 * clock}. A sale still unsettled then fails its audit, naming the orders pending.
 */
final class SaleAuditor {

    /**
     * How long the audit waits for pending orders to settle: enough for a reconciler blocked by a database that is
     * slow or briefly down ({@code stampede.redis.stock.redrive-after}, 5 s, plus its runs), and as long as the bench's
     * client timeout.
     */
    static final Duration SETTLE_WITHIN = Duration.ofMinutes(2);

    private static final Duration POLL = Duration.ofMillis(100);

    private final StampedeClient service;
    private final Optional<SkuStore> database;
    private final Clock clock;
    private final Duration settleWithin;

    SaleAuditor(StampedeClient service, Optional<SkuStore> database, Clock clock, Duration settleWithin) {
        this.service = service;
        this.database = database;
        this.clock = clock;
        this.settleWithin = settleWithin;
    }

    /**
     * The audit of a sale spread over {@code skuIds}, once settled: each SKU's invariants, from the service and the
     * database (a problem of one SKU among several names it), then the totals: the store's orders over all of them
     * against the answers the bench {@code seen}. Orders, oversold units, stock on sale and left are summed over the
     * SKUs.
     */
    AuditVerdict audit(List<String> skuIds, OutcomeCounts seen) {
        Set<String> problems = new LinkedHashSet<>();
        long pending = settled(skuIds);
        if (pending > 0) {
            problems.add("%d orders still pending after %d ms: the service did not settle them"
                    .formatted(pending, settleWithin.toMillis()));
        }
        List<String> sources = new ArrayList<>(List.of("service"));
        database.ifPresent(store -> sources.add("database"));
        long orders = 0;
        long oversold = 0;
        int initialStock = 0;
        int stockLeft = 0;
        for (String skuId : skuIds) {
            String of = skuIds.size() == 1 ? "" : "SKU " + skuId + ": ";
            JsonNode audit = service.audit(skuId);
            long skuOrders = audit.path("orders").asLong();
            audit.path("violations").forEach(violation -> problems.add(of + violation.asString()));
            if (database.isPresent()) {
                SaleAudit direct = inDatabase(skuId, audit.path("stock").asInt());
                direct.violations().forEach(violation -> problems.add(of + violation));
                if (direct.orders() != skuOrders) {
                    problems.add(of
                            + "the service reports %d orders, the database holds %d"
                                    .formatted(skuOrders, direct.orders()));
                }
            }
            orders += skuOrders;
            oversold += audit.path("oversold").asLong();
            initialStock += audit.path("initialStock").asInt();
            stockLeft += audit.path("stock").asInt();
        }
        OrdersAgainstAnswers.problem(orders, seen).ifPresent(problems::add);
        return new AuditVerdict(
                problems.isEmpty(),
                orders,
                oversold,
                initialStock,
                stockLeft,
                List.copyOf(sources),
                List.copyOf(problems));
    }

    /** Waits until no SKU of the sale has an order pending, or {@code settleWithin} has passed: the orders pending. */
    private long settled(List<String> skuIds) {
        Instant deadline = clock.instant().plus(settleWithin);
        while (true) {
            long pending = skuIds.stream()
                    .mapToLong(
                            skuId -> service.audit(skuId).path("pendingOrders").asLong())
                    .sum();
            if (pending == 0 || !clock.instant().isBefore(deadline)) {
                return pending;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return pending;
            }
        }
    }

    /**
     * The SKU's audit read from the database. A {@code redis} SKU sells from its copy of the stock in Redis, so its
     * orders in the database are checked against the stock the service reports from Redis (that copy must agree).
     */
    private SaleAudit inDatabase(String skuId, int serviceStock) {
        SkuStore skus = database.orElseThrow();
        SaleAudit direct = skus.audit(skuId)
                .orElseThrow(() -> new IllegalStateException("SKU " + skuId + " is not in the database"));
        boolean stockInRedis =
                skus.find(skuId).map(Sku::strategy).filter("redis"::equals).isPresent();
        return stockInRedis
                ? new SaleAudit(
                        skuId,
                        direct.initialStock(),
                        serviceStock,
                        direct.orders(),
                        direct.unitsInOrders(),
                        direct.duplicateKeys(),
                        direct.buyersOverLimit(),
                        direct.repairedUnits(),
                        direct.pendingOrders())
                : direct;
    }
}
