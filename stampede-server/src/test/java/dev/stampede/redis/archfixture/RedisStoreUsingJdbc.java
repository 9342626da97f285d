package dev.stampede.redis.archfixture;

import dev.stampede.jdbc.Transactions;

/** Breaks the second rule of {@code AdaptersStayBehindPortsTest}: an adapter (redis) reaches another (jdbc). */
public final class RedisStoreUsingJdbc {

    private final Transactions transactions;

    public RedisStoreUsingJdbc(Transactions transactions) {
        this.transactions = transactions;
    }

    public Transactions transactions() {
        return transactions;
    }
}
