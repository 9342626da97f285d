package dev.stampede.jdbc.sale;

import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;

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

    /** The fence now carries the token; the stock as it was read under it, and the SKU's per-buyer limit (empty: none). */
    public record Claimed(int stock, OptionalInt maxPerBuyer) implements Claim {}

    /** A newer token had claimed the SKU: the lease that carried this token has been lost. */
    public record Refused(long fence) implements Claim {}

    public record Unknown() implements Claim {}

    /** The database could not answer now (a transient fault): nothing was claimed. */
    public record Busy(String reason) implements Claim {}

    private final Transactions transactions;

    public FencedStock(Transactions transactions) {
        this.transactions = transactions;
    }

    public Claim claim(String skuId, long token) throws SQLException {
        return switch (transactions.attempt(sql -> Transactions.commit(claim(sql, skuId, token)))) {
            case Outcome.Done<Claim>(Claim claim) -> claim;
            case Outcome.Busy<Claim>(String reason, Transactions.Fault fault) -> new Busy(reason);
        };
    }

    private static Claim claim(Sql sql, String skuId, long token) throws SQLException {
        Optional<Claim> claimed = sql.queryFirst(
                "UPDATE skus SET fence = ? WHERE id = ? AND fence <= ? RETURNING stock, max_per_buyer",
                row -> new Claimed(row.getInt(1), BuyerUnits.limit(row, 2)),
                token,
                skuId,
                token);
        if (claimed.isPresent()) {
            return claimed.get();
        }
        return sql.<Claim>queryFirst("SELECT fence FROM skus WHERE id = ?", row -> new Refused(row.getLong(1)), skuId)
                .orElseGet(Unknown::new);
    }

    /** Sets the stock in the caller's transaction if no newer token has claimed the SKU; false changes nothing. */
    public boolean write(Connection connection, String skuId, int stock, long token) throws SQLException {
        return Sql.on(connection)
                .updateOne(
                        "fenced stock write",
                        "UPDATE skus SET stock = ?, fence = ? WHERE id = ? AND fence <= ?",
                        stock,
                        token,
                        skuId,
                        token);
    }
}
