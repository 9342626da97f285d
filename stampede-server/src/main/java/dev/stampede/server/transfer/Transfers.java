package dev.stampede.server.transfer;

import dev.stampede.core.transfer.Account;
import dev.stampede.core.transfer.AccountStore;
import dev.stampede.core.transfer.MoneyAudit;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Accounts and transfers: each transfer goes to the strategy it names, or to the configured one. */
public final class Transfers {

    private final AccountStore accounts;
    private final List<String> strategyNames;
    private final Map<String, TransferStrategy> strategies;
    private final String defaultStrategy;
    private final TransferMetrics metrics;

    public Transfers(
            AccountStore accounts, List<TransferStrategy> strategies, String defaultStrategy, MeterRegistry meters) {
        this.strategyNames = strategies.stream().map(TransferStrategy::name).toList();
        if (!strategyNames.contains(defaultStrategy)) {
            throw new IllegalArgumentException(
                    "stampede.transfers.strategy must be one of " + strategyNames + ", was '" + defaultStrategy + "'");
        }
        this.strategies =
                strategies.stream().collect(Collectors.toUnmodifiableMap(TransferStrategy::name, strategy -> strategy));
        this.accounts = accounts;
        this.defaultStrategy = defaultStrategy;
        this.metrics = new TransferMetrics(meters);
    }

    public List<String> strategyNames() {
        return strategyNames;
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
        Optional<TransferStrategy> chosen = Optional.ofNullable(strategies.get(name));
        return chosen.map(s -> {
            TransferResult result = s.transfer(request);
            metrics.record(name, result);
            return result;
        });
    }
}
