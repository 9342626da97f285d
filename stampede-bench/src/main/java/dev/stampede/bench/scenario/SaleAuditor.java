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
 * Checks a sale after its run, from the service's audit endpoint and, when reachable, the database itself: the
 * invariants hold, both agree, and the store has exactly as many orders as the bench saw successes. A {@code redis}
 * SKU's database audit takes the stock the service reports from Redis.
 */
final class SaleAuditor {

    private final StampedeClient service;
    private final Optional<SkuStore> database;

    SaleAuditor(StampedeClient service, Optional<SkuStore> database) {
        this.service = service;
        this.database = database;
    }

    AuditVerdict audit(String skuId, long successesSeen) {
        Set<String> problems = new LinkedHashSet<>();
        List<String> sources = new ArrayList<>();
        JsonNode audit = service.audit(skuId);
        sources.add("service");
        long orders = audit.path("orders").asLong();
        audit.path("violations").forEach(violation -> problems.add(violation.asString()));
        if (database.isPresent()) {
            sources.add("database");
            SaleAudit direct = inDatabase(skuId, audit.path("stock").asInt());
            problems.addAll(direct.violations());
            if (direct.orders() != orders) {
                problems.add("the service reports %d orders, the database holds %d".formatted(orders, direct.orders()));
            }
        }
        if (orders != successesSeen) {
            problems.add("%d orders in the store but the bench saw %d successes".formatted(orders, successesSeen));
        }
        return new AuditVerdict(
                problems.isEmpty(),
                orders,
                audit.path("oversold").asLong(),
                audit.path("initialStock").asInt(),
                audit.path("stock").asInt(),
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
