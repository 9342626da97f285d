package dev.stampede.server.archfixture;

import dev.stampede.jdbc.Transactions;

/** Breaks the first rule of {@code AdaptersStayBehindPortsTest}: server code outside the config package reaches jdbc. */
public final class ControllerUsingJdbc {

    private final Transactions transactions;

    public ControllerUsingJdbc(Transactions transactions) {
        this.transactions = transactions;
    }

    public Transactions transactions() {
        return transactions;
    }
}
