package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.OrderStore;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.testkit.OrderStoreContract;
import java.time.Clock;
import java.util.OptionalInt;

class JdbcOrderStoreTest extends OrderStoreContract {

    private final OrderStore orders = JdbcSaleStores.orders(JdbcPurchaseContract.TRANSACTIONS, Clock.systemUTC());

    @Override
    protected OrderStore orderStore() {
        return orders;
    }

    @Override
    protected IdempotencyStore idempotencyStore() {
        return JdbcPurchaseContract.IDEMPOTENCY;
    }

    @Override
    protected String newSku(int stock) {
        return JdbcPurchaseContract.newSku("conditional", stock, OptionalInt.empty());
    }

    @Override
    protected SaleAudit audit(String skuId) {
        return JdbcPurchaseContract.SKUS.audit(skuId).orElseThrow();
    }
}
