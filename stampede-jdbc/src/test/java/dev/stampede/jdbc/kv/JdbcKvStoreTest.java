package dev.stampede.jdbc.kv;

import dev.stampede.core.kv.KvStore;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.testkit.KvStoreContract;

class JdbcKvStoreTest extends KvStoreContract {

    private static final KvStore STORE = JdbcKvStores.kv(new Transactions(TestDatabase.dataSource()));

    @Override
    protected KvStore store() {
        return STORE;
    }
}
