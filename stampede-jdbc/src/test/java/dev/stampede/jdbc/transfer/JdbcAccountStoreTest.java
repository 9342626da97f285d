package dev.stampede.jdbc.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.transfer.AccountStore;
import dev.stampede.core.transfer.MoneyAudit;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferStrategy;
import dev.stampede.jdbc.MariaDbTestDatabase;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.testkit.ConcurrentCalls;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Opening accounts and auditing their money, on PostgreSQL (embedded) and MariaDB (a real server). */
class JdbcAccountStoreTest {

    private static final long MAX_OPENING = 1_000_000_000_000_000_000L;

    private static Transactions transactions(String database) {
        return new Transactions(
                database.equals("postgresql") ? TestDatabase.dataSource() : MariaDbTestDatabase.require());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void concurrentOpensOfOneIdOpenItOnceAndRefuseTheRest(String database) {
        AccountStore accounts = new JdbcAccountStore(transactions(database), Clock.systemUTC());
        String id = "twin-" + UUID.randomUUID();

        List<Boolean> opened = ConcurrentCalls.run(16, 16, i -> accounts.open(id, 1_000 + i));

        assertThat(opened).hasSize(16).containsOnlyOnce(true);
        assertThat(accounts.find(id)).isPresent();
        assertThat(accounts.audit(id).violations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void tenOpeningBalancesOfTenToTheEighteenAreSummedExactly(String database) {
        Transactions transactions = transactions(database);
        AccountStore accounts = new JdbcAccountStore(transactions, Clock.systemUTC());
        String prefix = "rich-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> ids = IntStream.range(0, 10).mapToObj(i -> prefix + i).toList();
        ids.forEach(id -> assertThat(accounts.open(id, MAX_OPENING)).isTrue());
        TransferStrategy conditional = new JdbcTransferStrategies(
                        transactions,
                        Clock.systemUTC(),
                        new TransferSettings(
                                Duration.ZERO,
                                new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(50)),
                                Duration.ofSeconds(30)))
                .named("conditional")
                .orElseThrow();
        for (String payer : ids.subList(1, 9)) {
            assertThat(conditional.transfer(TransferRequest.of(payer, ids.getFirst(), MAX_OPENING)))
                    .isInstanceOf(TransferResult.Transferred.class);
        }

        MoneyAudit audit = accounts.audit(prefix);
        MoneyAudit everything = accounts.audit();

        BigInteger tenToThe19 = BigInteger.TEN.pow(19);
        assertThat(audit.opening()).isEqualTo(tenToThe19);
        assertThat(audit.balances()).isEqualTo(tenToThe19);
        assertThat(audit.transfers()).isEqualTo(8);
        assertThat(audit.violations()).isEmpty();
        assertThat(accounts.find(ids.getFirst()).orElseThrow().balance()).isEqualTo(9 * MAX_OPENING);
        assertThat(everything.opening()).isGreaterThanOrEqualTo(tenToThe19);
        assertThat(everything.violations()).isEmpty();
    }
}
