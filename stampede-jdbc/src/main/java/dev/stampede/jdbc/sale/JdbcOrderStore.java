package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.OrderStore;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.jdbc.Transactions;

/**
 * The {@link OrderStore} on PostgreSQL: the rows the SQL strategies write with {@link OrderWriter} inside their own
 * transaction, written here in a transaction of their own.
 */
final class JdbcOrderStore implements OrderStore {

    private final Transactions transactions;
    private final OrderWriter orders;

    JdbcOrderStore(Transactions transactions, OrderWriter orders) {
        this.transactions = transactions;
        this.orders = orders;
    }

    @Override
    public Placement place(PurchaseRequest request) {
        try {
            return new Placement.Placed(transactions.required(connection -> orders.insert(connection, request)));
        } catch (ClaimLostException lost) {
            return new Placement.ClaimLost(request);
        }
    }
}
