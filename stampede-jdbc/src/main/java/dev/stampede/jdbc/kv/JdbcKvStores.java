package dev.stampede.jdbc.kv;

import dev.stampede.core.kv.KvStore;
import dev.stampede.jdbc.Transactions;

/** The key-value store on PostgreSQL (the {@code kv} table and the {@code kv_revision} sequence). */
public final class JdbcKvStores {

    private JdbcKvStores() {}

    public static KvStore kv(Transactions transactions) {
        return new JdbcKvStore(transactions);
    }
}
