package dev.stampede.jdbc.lock;

import dev.stampede.core.lock.LeaseLock;
import dev.stampede.core.lock.QueuedLeaseLock;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.testkit.ClockedLeaseLockContract;

/** The contract holds with acquirers queued locally in front of the backend, as the service runs it. */
class QueuedJdbcLeaseLockTest extends ClockedLeaseLockContract {

    private final LeaseLock lock =
            new QueuedLeaseLock(new JdbcLeaseLock(new Transactions(TestDatabase.dataSource()), clock()));

    @Override
    protected LeaseLock lock() {
        return lock;
    }
}
