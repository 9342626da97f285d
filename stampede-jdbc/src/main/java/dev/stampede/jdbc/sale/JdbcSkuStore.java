package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.core.sale.token.TokenSale;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import java.util.Optional;

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
    public boolean create(String id, String name, String strategy, int stock) {
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            boolean created = sql.updateOne(
                    "SKU creation",
                    sql.dialect()
                            .insertIgnoringDuplicates("INSERT INTO skus (id, name, strategy, initial_stock, stock,"
                                    + " created_at) VALUES (?, ?, ?, ?, ?, ?)"),
                    id,
                    name,
                    strategy,
                    stock,
                    stock,
                    clock.instant());
            if (created && strategy.equals(TokenSale.NAME)) {
                JdbcTokenLedger.mint(sql, id, stock, tokenPartitions);
            }
            return created;
        });
    }

    @Override
    public Optional<Sku> find(String id) {
        return transactions.required(connection -> Sql.on(connection)
                .queryFirst(
                        "SELECT s.id, s.name, s.strategy, s.initial_stock, " + STOCK + " FROM skus s WHERE s.id = ?",
                        row -> new Sku(
                                row.getString(1), row.getString(2), row.getString(3), row.getInt(4), row.getInt(5)),
                        id));
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
                                                      HAVING count(*) > 1) AS repeated)
                          FROM skus s WHERE s.id = ?
                        """.formatted(STOCK),
                        row -> new SaleAudit(
                                id, row.getInt(1), row.getInt(2), row.getLong(3), row.getLong(4), row.getLong(5)),
                        id));
    }
}
