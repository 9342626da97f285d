package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.Transfer;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferResult.Transferred;
import dev.stampede.core.transfer.TransferResult.UnknownAccount;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The saga-like answer to long transactions: a short transaction moves the amount from the payer's balance into its
 * reservation (conditionally, so the balance never goes negative) and records the transfer as reserved; the slow work
 * runs outside any lock or transaction; a second short transaction settles (reservation to the payee, ledger pair).
 * A reservation whose settlement never ran (a crash) is settled by {@link #settleStale}.
 */
final class ReserveSettleTransfer extends JdbcTransfer {

    ReserveSettleTransfer(Transactions transactions, TransferLedger ledger, TransferSettings settings) {
        super(transactions, ledger, settings);
    }

    @Override
    public String name() {
        return "reserve";
    }

    @Override
    TransferResult attempt(TransferRequest request, long deadline) throws SQLException {
        TransferResult reserved = retrying(request, deadline, sql -> {
            if (balance(sql, request.to(), "").isEmpty()) {
                return Transactions.rollback(new UnknownAccount(request.to()));
            }
            if (!sql.updateOne(
                    "reservation",
                    "UPDATE accounts SET balance = balance - ?, reserved = reserved + ? WHERE id = ? AND balance >= ?",
                    request.amount(),
                    request.amount(),
                    request.from(),
                    request.amount())) {
                return refuseDebit(sql, request);
            }
            return Transactions.commit(new Transferred(ledger.insert(sql, request, "reserved"), false));
        });
        if (!(reserved instanceof Transferred(Transfer transfer, boolean replayed)) || replayed) {
            return reserved;
        }
        work();
        TransferResult settled = retrying(request, deadline, sql -> Transactions.commit(settle(sql, transfer)));
        return settled instanceof TransferResult.Busy ? reserved : settled;
    }

    /** Moves a reservation to the payee and writes the ledger pair; the rows are updated in account-id order. */
    private TransferResult settle(Sql sql, Transfer transfer) throws SQLException {
        if (!sql.updateOne(
                "settlement",
                "UPDATE transfers SET state = 'settled' WHERE id = ? AND state = 'reserved'",
                transfer.id().toString())) {
            return new Transferred(transfer, false);
        }
        String[] inIdOrder = transfer.from().compareTo(transfer.to()) <= 0
                ? new String[] {transfer.from(), transfer.to()}
                : new String[] {transfer.to(), transfer.from()};
        for (String account : inIdOrder) {
            boolean updated = account.equals(transfer.from())
                    ? sql.updateOne(
                            "reservation release",
                            "UPDATE accounts SET reserved = reserved - ? WHERE id = ? AND reserved >= ?",
                            transfer.amount(),
                            account,
                            transfer.amount())
                    : sql.updateOne(
                            "settled credit",
                            "UPDATE accounts SET balance = balance + ? WHERE id = ?",
                            transfer.amount(),
                            account);
            if (!updated) {
                throw new IllegalStateException("transfer " + transfer.id() + " cannot settle on account " + account);
            }
        }
        ledger.writePair(sql, transfer);
        return new Transferred(transfer, false);
    }

    /** Settles reservations older than {@code age}: the recovery after a crash between reserve and settle. */
    int settleStale(Duration age, Instant now) throws SQLException {
        List<Transfer> stale = transactions.inTransaction(connection -> Sql.on(connection)
                .query(
                        "SELECT id, from_account, to_account, amount, created_at FROM transfers"
                                + " WHERE state = 'reserved' AND created_at < ?",
                        TransferLedger::transfer,
                        now.minus(age)));
        for (Transfer transfer : stale) {
            transactions.inTransaction(connection -> settle(Sql.on(connection), transfer));
        }
        return stale.size();
    }
}
