package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.Account;
import dev.stampede.core.transfer.AccountStore;
import dev.stampede.core.transfer.MoneyAudit;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.SqlStates;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;

/** The {@link AccountStore} on PostgreSQL or MariaDB: opening, reading and the money audit. */
final class JdbcAccountStore implements AccountStore {

    private static final String AUDIT_SQL = """
                    SELECT (SELECT count(*) FROM accounts WHERE id LIKE ?),
                           (SELECT coalesce(sum(opening_balance), 0) FROM accounts WHERE id LIKE ?),
                           (SELECT coalesce(sum(balance), 0) FROM accounts WHERE id LIKE ?),
                           (SELECT coalesce(sum(reserved), 0) FROM accounts WHERE id LIKE ?),
                           (SELECT count(*) FROM transfers WHERE state = 'settled' AND from_account LIKE ?),
                           (SELECT count(*) FROM accounts WHERE (balance < 0 OR reserved < 0) AND id LIKE ?),
                           (SELECT count(*) FROM accounts a
                             WHERE a.id LIKE ? AND CAST(a.balance AS DECIMAL(38, 0)) + a.reserved <> a.opening_balance
                                   + coalesce((SELECT sum(l.amount) FROM ledger_entries l WHERE l.account_id = a.id), 0)),
                           (SELECT count(*) FROM transfers t
                             WHERE t.state = 'settled' AND t.from_account LIKE ?
                               AND ((SELECT count(*) FROM ledger_entries l WHERE l.transfer_id = t.id) <> 2
                                    OR (SELECT coalesce(sum(l.amount), 0) FROM ledger_entries l
                                         WHERE l.transfer_id = t.id) <> 0)),
                           (SELECT count(*) FROM (SELECT 1 FROM transfers
                                                   WHERE idempotency_key IS NOT NULL AND from_account LIKE ?
                                                   GROUP BY from_account, idempotency_key
                                                  HAVING count(*) > 1) repeated)
                    """;

    private final Transactions transactions;
    private final Clock clock;

    JdbcAccountStore(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Opens an account; false if the id is taken (nothing changed then). One insert decides: of concurrent opens of one
     * id, the primary key lets exactly one through and refuses the others with a duplicate-key error, which the
     * transaction rolls back before it is read here.
     */
    @Override
    public boolean open(String id, long openingBalance) {
        try {
            transactions.inTransaction(connection -> Sql.on(connection)
                    .update(
                            "INSERT INTO accounts (id, opening_balance, balance, created_at) VALUES (?, ?, ?, ?)",
                            id,
                            openingBalance,
                            openingBalance,
                            clock.instant()));
            return true;
        } catch (SQLException e) {
            if (SqlStates.isDuplicateKey(e)) {
                return false;
            }
            throw Transactions.failure(e);
        }
    }

    @Override
    public Optional<Account> find(String id) {
        return transactions.required(connection -> Sql.on(connection)
                .queryFirst(
                        "SELECT id, opening_balance, balance, reserved FROM accounts WHERE id = ?",
                        row -> new Account(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4)),
                        id));
    }

    /**
     * In one statement. Sums are taken in {@code numeric} (PostgreSQL) or {@code DECIMAL} (MariaDB), which the databases
     * use for sums of {@code bigint} anyway, and read exactly: ten opening balances of 10^18 already sum beyond a {@code
     * long}.
     */
    @Override
    public MoneyAudit audit(String idPrefix) {
        String like = idPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        // every parameter of the audit statement is the same account-id pattern
        Object[] likes = Collections.nCopies(
                        (int) AUDIT_SQL.chars().filter(c -> c == '?').count(), like)
                .toArray();
        return transactions.required(connection -> Sql.on(connection)
                .queryOne(
                        AUDIT_SQL,
                        row -> new MoneyAudit(
                                row.getLong(1),
                                row.getBigDecimal(2).toBigIntegerExact(),
                                row.getBigDecimal(3).toBigIntegerExact(),
                                row.getBigDecimal(4).toBigIntegerExact(),
                                row.getLong(5),
                                row.getLong(6),
                                row.getLong(7),
                                row.getLong(8),
                                row.getLong(9)),
                        likes));
    }
}
