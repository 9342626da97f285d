package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@link SkuStore} on PostgreSQL: creation, reads and the invariant audit, straight from the tables. */
final class JdbcSkuStore implements SkuStore {

    private final Transactions transactions;
    private final Clock clock;

    JdbcSkuStore(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public boolean create(String id, String name, String strategy, int stock, OptionalInt maxPerBuyer) {
        Sku.requireLimit(maxPerBuyer);
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            return sql.updateOne(
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
                    "UPDATE skus SET initial_stock = initial_stock + ?, stock = stock + ?, version = version + 1,"
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
        return transactions.required(connection ->
                Sql.on(connection).queryFirst("SELECT " + COLUMNS + " FROM skus WHERE id = ?", JdbcSkuStore::sku, id));
    }

    private static final String COLUMNS = "id, name, strategy, initial_stock, stock, max_per_buyer";

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
                        SELECT s.initial_stock, s.stock,
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
                        """,
                        row -> new SaleAudit(
                                id,
                                row.getInt(1),
                                row.getInt(2),
                                row.getLong(3),
                                row.getLong(4),
                                row.getLong(5),
                                row.getLong(6)),
                        id));
    }
}
