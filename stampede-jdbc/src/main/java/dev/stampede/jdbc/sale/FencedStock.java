package dev.stampede.jdbc.sale;

import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A SKU's stock written under a lease, fenced by the lease's token in the database.
 *
 * <p>Reading claims the SKU's {@code fence} for the token ({@code fence <= token}, then {@code fence = token}) in its
 * own committed statement; the write repeats the condition. So a holder whose lease was lost and taken over cannot
 * write once the newer holder has read, and if it wrote before that, the newer holder reads what it wrote: either
 * way no update is lost. A write carrying a token older than the fence changes nothing.
 */
public final class FencedStock {

    /** What claiming a SKU for a token found. */
    public sealed interface Claim {}

    /** The fence now carries the token; the stock as it was read under it. */
    public record Claimed(int stock) implements Claim {}

    /** A newer token had claimed the SKU: the lease that carried this token has been lost. */
    public record Refused(long fence) implements Claim {}

    public record Unknown() implements Claim {}

    private final Transactions transactions;

    public FencedStock(Transactions transactions) {
        this.transactions = transactions;
    }

    public Claim claim(String skuId, long token) throws SQLException {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE skus SET fence = ? WHERE id = ? AND fence <= ? RETURNING stock")) {
                update.setLong(1, token);
                update.setString(2, skuId);
                update.setLong(3, token);
                try (ResultSet row = update.executeQuery()) {
                    if (row.next()) {
                        return new Claimed(row.getInt(1));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT fence FROM skus WHERE id = ?")) {
                select.setString(1, skuId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? new Refused(row.getLong(1)) : new Unknown();
                }
            }
        });
    }

    /** Sets the stock in the caller's transaction if no newer token has claimed the SKU; false changes nothing. */
    public boolean write(Connection connection, String skuId, int stock, long token) throws SQLException {
        return JdbcPurchase.exactlyOne(
                JdbcPurchase.update(
                        connection,
                        "UPDATE skus SET stock = ?, fence = ? WHERE id = ? AND fence <= ?",
                        stock,
                        token,
                        skuId,
                        token),
                "fenced stock write");
    }
}
