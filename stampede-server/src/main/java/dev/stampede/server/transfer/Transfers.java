package dev.stampede.server.transfer;

import dev.stampede.core.transfer.MoneyAudit;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferStrategy;
import dev.stampede.jdbc.transfer.AccountStore;
import dev.stampede.jdbc.transfer.AccountStore.Account;
import dev.stampede.jdbc.transfer.JdbcTransferStrategies;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;

/** Accounts and transfers: each transfer goes to the strategy it names, or to the configured one. */
public final class Transfers {

    private final AccountStore accounts;
    private final JdbcTransferStrategies strategies;
    private final String defaultStrategy;
    private final TransferMetrics metrics;

    public Transfers(
            AccountStore accounts, JdbcTransferStrategies strategies, String defaultStrategy, MeterRegistry meters) {
        if (strategies.named(defaultStrategy).isEmpty()) {
            throw new IllegalArgumentException("stampede.transfers.strategy must be one of " + strategies.names()
                    + ", was '" + defaultStrategy + "'");
        }
        this.accounts = accounts;
        this.strategies = strategies;
        this.defaultStrategy = defaultStrategy;
        this.metrics = new TransferMetrics(meters);
    }

    public List<String> strategyNames() {
        return strategies.names();
    }

    public boolean open(String id, long openingBalance) {
        return accounts.open(id, openingBalance);
    }

    public Optional<Account> find(String id) {
        return accounts.find(id);
    }

    /** The money audit over the accounts whose id starts with {@code accountPrefix} (all: empty). */
    public MoneyAudit audit(String accountPrefix) {
        return accounts.audit(accountPrefix);
    }

    /** Empty when {@code strategy} names no strategy; {@code null} means the configured default. */
    public Optional<TransferResult> transfer(TransferRequest request, String strategy) {
        String name = strategy == null ? defaultStrategy : strategy;
        Optional<TransferStrategy> chosen = strategies.named(name);
        return chosen.map(s -> {
            TransferResult result = s.transfer(request);
            metrics.record(name, result);
            return result;
        });
    }
}
