package dev.stampede.server.web;

import dev.stampede.core.kv.KvEntry;
import dev.stampede.core.sale.Order;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the API. */
final class Views {

    private Views() {}

    record CreateSku(String id, String name, Integer stock, String strategy) {}

    record PurchaseBody(String buyerId, Integer quantity) {}

    record OpenAccount(String id, Long openingBalance) {}

    record TransferBody(String from, String to, Long amount) {}

    record KvBody(String value) {}

    /** A key as the key-value API shows it; {@code revision} is its latest write's, also its entity tag. */
    record KvView(String key, String value, long revision, long createRevision, long version) {
        static KvView of(KvEntry entry) {
            return new KvView(entry.key(), entry.value(), entry.modRevision(), entry.createRevision(), entry.version());
        }
    }

    record AccountView(String id, long openingBalance, long balance, long reserved) {}

    record TransferView(UUID transferId, String from, String to, long amount, Instant createdAt) {}

    record MoneyAuditView(
            boolean passed,
            long accounts,
            BigInteger opening,
            BigInteger balances,
            BigInteger reserved,
            long transfers,
            long negativeAccounts,
            long ledgerMismatches,
            long unbalancedTransfers,
            long duplicateIdempotencyKeys,
            List<String> violations) {}

    record SkuView(String id, String name, String strategy, int initialStock, int stock, int sold) {
        static SkuView of(Sku sku) {
            return new SkuView(sku.id(), sku.name(), sku.strategy(), sku.initialStock(), sku.stock(), sku.sold());
        }
    }

    record OrderView(UUID orderId, String skuId, String buyerId, int quantity, Instant createdAt) {
        static OrderView of(Order order) {
            return new OrderView(order.id(), order.skuId(), order.buyerId(), order.quantity(), order.createdAt());
        }
    }

    record AuditView(
            String skuId,
            boolean passed,
            int initialStock,
            int stock,
            long orders,
            long unitsInOrders,
            long oversold,
            long unaccountedUnits,
            long duplicateIdempotencyKeys,
            long repairedUnits,
            List<String> violations) {
        static AuditView of(SaleAudit audit) {
            return new AuditView(
                    audit.skuId(),
                    audit.passed(),
                    audit.initialStock(),
                    audit.stock(),
                    audit.orders(),
                    audit.unitsInOrders(),
                    audit.oversold(),
                    audit.unaccountedUnits(),
                    audit.duplicateKeys(),
                    audit.repairedUnits(),
                    audit.violations());
        }
    }
}
