package dev.stampede.redis;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.SkuStore;
import io.lettuce.core.RedisException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The SKUs of another {@link SkuStore}, whose audit of a {@code quota} SKU also answers its write-ahead records still
 * pending over all its buckets ({@link SaleAudit#pendingOrders()}: takes whose order is not known to be durable yet, the
 * reconciler's to write or drop), so that an auditor can wait for them as it does for a {@code redis} SKU's. Everything
 * else is the other store's: a quota SKU's stock is PostgreSQL's, which the fenced writes keep exact. Throws {@link
 * StoreUnavailableException} when Redis cannot answer.
 */
final class QuotaSkus extends SkuStoreView {

    private final QuotaStock stock;

    QuotaSkus(SkuStore skus, QuotaStock stock) {
        super(skus);
        this.stock = stock;
    }

    @Override
    public Optional<SaleAudit> audit(String id) {
        return durable.audit(id).map(audit -> isQuota(id) ? withPending(audit) : audit);
    }

    private boolean isQuota(String id) {
        return durable.find(id).map(sku -> sku.strategy().equals("quota")).orElse(false);
    }

    private SaleAudit withPending(SaleAudit audit) {
        return new SaleAudit(
                audit.skuId(),
                audit.initialStock(),
                audit.stock(),
                audit.orders(),
                audit.unitsInOrders(),
                audit.duplicateKeys(),
                audit.buyersOverLimit(),
                audit.repairedUnits(),
                pending(audit.skuId()));
    }

    /** The records pending in every bucket of the SKU's copy in Redis (0 when it has none there). */
    private long pending(String skuId) {
        try {
            OptionalInt buckets = stock.buckets().count(skuId);
            long pending = 0;
            for (int bucket = 0; bucket < buckets.orElse(0); bucket++) {
                pending += stock.redis().zcard(stock.keys().pending(skuId, bucket));
            }
            return pending;
        } catch (RedisException e) {
            throw new StoreUnavailableException("redis unavailable", e);
        }
    }
}
