package dev.stampede.jdbc.transfer;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.transfer.AccountStore;
import dev.stampede.core.transfer.MoneyAudit;
import dev.stampede.core.transfer.TransferStrategy;
import dev.stampede.jdbc.MariaDbTestDatabase;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.testkit.TransferStrategyContract;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The transfer contract for every strategy on PostgreSQL (embedded) and MariaDB (a real server). */
@ParameterizedClass(name = "{0} on {1}")
@MethodSource("strategiesAndDatabases")
class TransferContractTest extends TransferStrategyContract {

    @Parameter(0)
    String strategy;

    @Parameter(1)
    String database;

    private Transactions transactions;
    private AccountStore accounts;

    static Stream<Arguments> strategiesAndDatabases() {
        return Stream.of("postgresql", "mariadb")
                .flatMap(db -> Stream.of("pessimistic", "optimistic", "conditional", "serializable", "reserve")
                        .map(name -> Arguments.of(name, db)));
    }

    @BeforeEach
    void connect() {
        DataSource dataSource =
                database.equals("postgresql") ? TestDatabase.dataSource() : MariaDbTestDatabase.require();
        transactions = new Transactions(dataSource);
        accounts = new JdbcAccountStore(transactions, Clock.systemUTC());
    }

    @Override
    protected TransferStrategy strategy(Duration work) {
        TransferSettings settings = new TransferSettings(
                work, new RetryPolicy(100, Duration.ofMillis(1), Duration.ofMillis(250)), Duration.ofSeconds(60));
        return new JdbcTransferStrategies(transactions, Clock.systemUTC(), settings)
                .named(strategy)
                .orElseThrow();
    }

    @Override
    protected List<String> openAccounts(int count, long openingBalance) {
        String prefix = strategy + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        return IntStream.range(0, count)
                .mapToObj(i -> {
                    String id = prefix + i;
                    accounts.open(id, openingBalance);
                    return id;
                })
                .toList();
    }

    @Override
    protected long balance(String account) {
        return accounts.find(account).orElseThrow().balance();
    }

    @Override
    protected MoneyAudit audit() {
        return accounts.audit();
    }
}
