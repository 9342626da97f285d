package dev.stampede.jdbc.transfer;

import dev.stampede.core.transfer.AccountTurns;
import dev.stampede.core.transfer.TransferStrategy;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL transfer strategies, by name, on PostgreSQL or MariaDB (the dialect is read from each connection). */
public final class JdbcTransferStrategies {

    private final Map<String, TransferStrategy> byName = new LinkedHashMap<>();
    private final ReserveSettleTransfer reserve;

    public JdbcTransferStrategies(Transactions transactions, Clock clock, TransferSettings settings) {
        TransferLedger ledger = new TransferLedger(clock);
        reserve = new ReserveSettleTransfer(transactions, ledger, settings);
        AccountTurns turns = new AccountTurns();
        List.of(
                        new PessimisticOrderedLockTransfer(transactions, ledger, settings, turns),
                        new OptimisticVersionTransfer(transactions, ledger, settings, turns),
                        new ConditionalUpdateTransfer(transactions, ledger, settings, turns),
                        new SerializableTransfer(transactions, ledger, settings, turns),
                        reserve)
                .forEach(strategy -> byName.put(strategy.name(), strategy));
    }

    public Optional<TransferStrategy> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The strategies in a stable order. */
    public List<TransferStrategy> all() {
        return List.copyOf(byName.values());
    }

    /** Settles reservations older than {@code age} (a process died between reserve and settle); how many. */
    public int settleStaleReservations(Duration age, Clock clock) {
        try {
            return reserve.settleStale(age, clock.instant());
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }
}
