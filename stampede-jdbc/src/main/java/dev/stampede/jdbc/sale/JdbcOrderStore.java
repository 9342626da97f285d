package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.OrderStore;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;

/**
 * The {@link OrderStore} on PostgreSQL: the rows the SQL strategies write with {@link OrderWriter} inside their own
 * transaction, written here in a transaction of their own (rolled back when the claim was lost).
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
            return transactions.decide(sql -> switch (orders.insert(sql, request)) {
                case OrderWriter.Orders written ->
                    Transactions.commit(new Placement.Placed(written.orders().getFirst()));
                case OrderWriter.ClaimLost lost -> Transactions.rollback(new Placement.ClaimLost(request));
            });
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }
}
