package dev.stampede.bench.scenario;

import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.service.StampedeClient;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.SkuStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a sale after its run, SKU by SKU, from the service's audit endpoint and, when reachable, the database itself:
 * each SKU's invariants hold and both sources agree on it, and the store has exactly as many orders over all the sale's
 * SKUs as the bench saw successes. A {@code redis}
 * SKU's database audit takes the stock the service reports from Redis.
 */
final class SaleAuditor {

    private final StampedeClient service;
    private final Optional<SkuStore> database;

    SaleAuditor(StampedeClient service, Optional<SkuStore> database) {
        this.service = service;
        this.database = database;
    }

    /**
     * The audit of a sale spread over {@code skuIds}: each SKU's invariants, from the service and the database (a
     * problem of one SKU among several names it), then the totals: the store's orders over all of them must equal the
     * successes the bench saw. Orders, oversold units, stock on sale and left are summed over the SKUs.
     */
    AuditVerdict audit(List<String> skuIds, long successesSeen) {
        Set<String> problems = new LinkedHashSet<>();
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
        if (orders != successesSeen) {
            problems.add("%d orders in the store but the bench saw %d successes".formatted(orders, successesSeen));
        }
        return new AuditVerdict(
                problems.isEmpty(),
                orders,
                oversold,
                initialStock,
                stockLeft,
                List.copyOf(sources),
                List.copyOf(problems));
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
                        direct.repairedUnits())
                : direct;
    }
}
