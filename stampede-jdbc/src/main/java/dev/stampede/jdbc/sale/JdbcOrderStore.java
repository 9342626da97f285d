package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.OrderStore;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.util.UUID;

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
        return write(request, sql -> orders.insert(sql, request));
    }

    @Override
    public Placement placeOnce(UUID orderId, PurchaseRequest request) {
        return write(request, sql -> orders.insertOnce(sql, orderId, request));
    }

    private interface Insert {
        OrderWriter.Written into(Sql sql) throws SQLException;
    }

    private Placement write(PurchaseRequest request, Insert insert) {
        try {
            return transactions.decide(sql -> switch (insert.into(sql)) {
                case OrderWriter.Orders written ->
                    Transactions.commit(new Placement.Placed(written.orders().getFirst()));
                case OrderWriter.ClaimLost lost -> Transactions.rollback(new Placement.ClaimLost(request));
            });
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }
}
