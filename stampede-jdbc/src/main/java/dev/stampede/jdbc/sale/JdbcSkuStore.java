package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.core.sale.token.TokenSale;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@link SkuStore} on PostgreSQL: creation, reads and the invariant audit, straight from the tables. */
final class JdbcSkuStore implements SkuStore {

    /**
     * A SKU's stock: the {@code stock} column, less the tokens redeemed when the SKU is sold by tokens (whose
     * purchases leave that column alone, so that it is no hot row).
     */
    private static final String STOCK =
            "(s.stock - (SELECT count(*) FROM sale_tokens t WHERE t.sku_id = s.id AND t.state = 'redeemed'))::int";

    private final Transactions transactions;
    private final Clock clock;
    private final int tokenPartitions;

    JdbcSkuStore(Transactions transactions, Clock clock, int tokenPartitions) {
        this.transactions = transactions;
        this.clock = clock;
        this.tokenPartitions = tokenPartitions;
    }

    /** A SKU sold by tokens has its tokens minted in the same transaction, spread over the token partitions. */
    @Override
    public boolean create(String id, String name, String strategy, int stock, OptionalInt maxPerBuyer) {
        Sku.requireLimit(maxPerBuyer);
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            boolean created = sql.updateOne(
                    "SKU creation",
                    sql.dialect()
                            .insertIgnoringDuplicates("INSERT INTO skus (id, name, strategy, initial_stock, stock,"
                                    + " max_per_buyer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                    id,
                    name,
                    strategy,
                    stock,
                    stock,
                    maxPerBuyer.isPresent() ? maxPerBuyer.getAsInt() : null,
                    clock.instant());
            if (created && strategy.equals(TokenSale.NAME)) {
                JdbcTokenLedger.mint(sql, id, stock, tokenPartitions);
            }
            return created;
        });
    }

    /** One transaction: the stock, the version and the fence move together, and the news goes out on commit. */
    @Override
    public Optional<Sku> restock(String id, int units) {
        if (units < 1) {
            throw new IllegalArgumentException("units must be at least 1, was " + units);
        }
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            Optional<Sku> restocked = sql.queryFirst(
                    "UPDATE skus s SET initial_stock = initial_stock + ?, stock = stock + ?, version = version + 1,"
                            + " fence = fence + 1 WHERE id = ? RETURNING " + COLUMNS,
                    JdbcSkuStore::sku,
                    units,
                    units,
                    id);
            if (restocked.isPresent()) {
                PgStockReturnFeed.publish(sql, id);
            }
            return restocked;
        });
    }

    @Override
    public Optional<Sku> find(String id) {
        return transactions.required(connection -> Sql.on(connection)
                .queryFirst("SELECT " + COLUMNS + " FROM skus s WHERE s.id = ?", JdbcSkuStore::sku, id));
    }

    /** A SKU as {@link #sku} reads it, from {@code skus s}. */
    private static final String COLUMNS = "s.id, s.name, s.strategy, s.initial_stock, " + STOCK + ", s.max_per_buyer";

    private static Sku sku(ResultSet row) throws SQLException {
        return new Sku(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getInt(4),
                row.getInt(5),
                BuyerUnits.limit(row, 6));
    }

    /** Read in one statement: one snapshot. */
    @Override
    public Optional<SaleAudit> audit(String id) {
        return transactions.required(connection -> Sql.on(connection)
                .queryFirst(
                        """
                        SELECT s.initial_stock, %s,
                               (SELECT count(*) FROM orders o WHERE o.sku_id = s.id),
                               (SELECT coalesce(sum(o.quantity), 0) FROM orders o WHERE o.sku_id = s.id),
                               (SELECT count(*) FROM (SELECT 1 FROM orders o
                                                       WHERE o.sku_id = s.id AND o.idempotency_key IS NOT NULL
                                                       GROUP BY o.buyer_id, o.idempotency_key
                                                      HAVING count(*) > 1) AS repeated),
                               (SELECT count(*) FROM (SELECT 1 FROM orders o
                                                       WHERE o.sku_id = s.id AND s.max_per_buyer IS NOT NULL
                                                       GROUP BY o.buyer_id
                                                      HAVING sum(o.quantity) > s.max_per_buyer) AS over_limit)
                          FROM skus s WHERE s.id = ?
                        """.formatted(STOCK),
                        row -> new SaleAudit(
                                id,
                                row.getInt(1),
                                row.getInt(2),
                                row.getLong(3),
                                row.getLong(4),
                                row.getLong(5),
                                row.getLong(6),
                                0,
                                0),
                        id));
    }
}
