package dev.stampede.redis;

import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.SkuStore;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A view of another {@link SkuStore} (the durable one, or another view of it) that answers some reads of a strategy's
 * SKUs from what that strategy keeps in Redis; every call a subclass does not override goes to the other store.
 */
abstract class SkuStoreView implements SkuStore {

    final SkuStore durable;

    SkuStoreView(SkuStore durable) {
        this.durable = durable;
    }

    @Override
    public boolean create(String id, String name, String strategy, int stock, OptionalInt maxPerBuyer) {
        return durable.create(id, name, strategy, stock, maxPerBuyer);
    }

    @Override
    public Optional<Sku> restock(String id, int units) {
        return durable.restock(id, units);
    }

    @Override
    public Optional<Sku> find(String id) {
        return durable.find(id);
    }

    @Override
    public Optional<SaleAudit> audit(String id) {
        return durable.audit(id);
    }
}
