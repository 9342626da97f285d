package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.jdbc.SqlStates;
import dev.stampede.jdbc.Statements;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalInt;

/**
 * What the SQL strategies share: transient SQL faults answer {@link Busy}, a claim lost to a takeover answers {@link
 * KeyInFlight} (nothing was committed), anything else is a failure.
 */
abstract class JdbcPurchase implements PurchaseStrategy {

    final Transactions transactions;
    final OrderWriter orders;

    JdbcPurchase(Transactions transactions, OrderWriter orders) {
        this.transactions = transactions;
        this.orders = orders;
    }

    @Override
    public final PurchaseResult purchase(PurchaseRequest request) {
        try {
            return attempt(request);
        } catch (ClaimLostException e) {
            return new KeyInFlight(request.idempotencyKey());
        } catch (SQLException e) {
            if (SqlStates.isTransient(e)) {
                return busy(e);
            }
            throw Transactions.failure(e);
        }
    }

    /** One purchase; a transient {@link SQLException} it throws becomes {@link Busy}, any other a failure. */
    abstract PurchaseResult attempt(PurchaseRequest request) throws SQLException;

    static Busy busy(SQLException e) {
        return new Busy(SqlStates.isLockTimeout(e) ? "lock wait timed out" : "database busy (" + e.getSQLState() + ")");
    }

    /** The SKU's stock as {@code sql} (selecting stock by id) reads it; empty if there is no such SKU. */
    static OptionalInt stock(Connection connection, String sql, String skuId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, skuId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? OptionalInt.of(row.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        return Statements.update(connection, sql, parameters);
    }

    /** Conditional writes must touch exactly one row or none; anything else is a bug. */
    static boolean exactlyOne(int count, String what) {
        if (count > 1 || count < 0) {
            throw new IllegalStateException(what + " changed " + count + " rows, expected 0 or 1");
        }
        return count == 1;
    }
}
