package dev.stampede.jdbc.lock;

import dev.stampede.core.lock.LeaseLock;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.JdbcLeaseSaleStore;
import dev.stampede.testkit.ClockedLeasePurchaseContract;
import dev.stampede.testkit.LeaseSaleStore;

class JdbcLeasePurchaseTest extends ClockedLeasePurchaseContract {

    private final LeaseLock lock = new JdbcLeaseLock(new Transactions(TestDatabase.dataSource()), clock());

    @Override
    protected LeaseLock lock() {
        return lock;
    }

    @Override
    protected LeaseSaleStore store() {
        return JdbcLeaseSaleStore.POSTGRES;
    }
}
