package dev.stampede.jdbc.sale;

import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.LeaseLock;
import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.FencedStock.Busy;
import dev.stampede.jdbc.sale.FencedStock.Claimed;
import dev.stampede.jdbc.sale.FencedStock.Refused;
import dev.stampede.jdbc.sale.FencedStock.Unknown;
import dev.stampede.testkit.LeaseSaleStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The SQL {@code lease} strategy and its fenced stock on the embedded PostgreSQL of the tests, for the {@link
 * dev.stampede.testkit.LeasePurchaseContract} of every lease backend.
 */
public final class JdbcLeaseSaleStore implements LeaseSaleStore {

    /** The one store on the tests' database (the SKUs, orders and claims of {@link JdbcPurchaseContract}). */
    public static final LeaseSaleStore POSTGRES = new JdbcLeaseSaleStore(JdbcPurchaseContract.TRANSACTIONS);

    private final Transactions transactions;
    private final FencedStock stock;

    private JdbcLeaseSaleStore(Transactions transactions) {
        this.transactions = transactions;
        this.stock = new FencedStock(transactions);
    }

    @Override
    public PurchaseStrategy leasePurchase(LeaseLock lock, Duration ttl, Duration maxWait) {
        return new LeasePurchase(
                transactions,
                new OrderWriter(Clock.systemUTC()),
                StrategySettings.defaults().retry(),
                new LeaseSettings(lock, ttl, maxWait),
                PurchaseListener.NONE);
    }

    @Override
    public PurchaseResult sellUnder(PurchaseStrategy strategy, Lease lease, PurchaseRequest request) {
        try {
            return ((LeasePurchase) strategy).sellUnder(lease, request);
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }

    @Override
    public OptionalInt readStock(String skuId, long token) {
        try {
            return switch (stock.claim(skuId, token)) {
                case Claimed claimed -> OptionalInt.of(claimed.stock());
                case Refused refused -> OptionalInt.empty();
                case Unknown unknown -> throw new IllegalArgumentException("no SKU " + skuId);
                case Busy busy -> throw new IllegalStateException("stock unreadable: " + busy.reason());
            };
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }

    @Override
    public boolean writeStock(String skuId, int units, long token) {
        return transactions.required(connection -> stock.write(connection, skuId, units, token));
    }

    @Override
    public String newSku(int stock, OptionalInt maxPerBuyer) {
        return JdbcPurchaseContract.newSku("lease", stock, maxPerBuyer);
    }

    @Override
    public SaleAudit audit(String skuId) {
        return JdbcPurchaseContract.SKUS.audit(skuId).orElseThrow();
    }

    @Override
    public IdempotencyStore idempotencyStore() {
        return JdbcPurchaseContract.IDEMPOTENCY;
    }
}
