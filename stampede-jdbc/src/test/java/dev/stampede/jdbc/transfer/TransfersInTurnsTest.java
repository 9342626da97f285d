package dev.stampede.jdbc.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.transfer.AccountStore;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferResult.Transferred;
import dev.stampede.core.transfer.TransferStrategy;
import dev.stampede.jdbc.CommitStall;
import dev.stampede.jdbc.CountingDataSource;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transfers of one process that hold or check their rows through the work take turns at their accounts (issue
 * 17): a transfer over an account that another transfer is changing waits for its turn before it starts, holding no
 * connection, instead of waiting at the row lock ({@code pessimistic}, {@code conditional}) or reading, working and then
 * losing its version check ({@code optimistic}) or being aborted (40001, {@code serializable}) at its write. On
 * PostgreSQL (embedded), whose commit the test can stall ({@link CommitStall}).
 */
class TransfersInTurnsTest {

    private static final DataSource DATABASE = TestDatabase.dataSource();
    private static CommitStall stall;

    @BeforeAll
    static void stallCommitsOfMarkedAccounts() throws SQLException {
        stall = CommitStall.on(DATABASE).watching("accounts", "id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "serializable"})
    void aTransferOverAnAccountWhoseTransferIsCommittingWaitsItsTurnAndCommitsAtItsFirstAttempt(String strategy)
            throws Exception {
        AccountStore accounts = new JdbcAccountStore(new Transactions(DATABASE), Clock.systemUTC());
        String prefix = CommitStall.MARK + "-" + UUID.randomUUID() + "-";
        String a = prefix + "a";
        String b = prefix + "b";
        String c = prefix + "c";
        accounts.open(a, 100);
        accounts.open(b, 100);
        accounts.open(c, 100);
        CountingDataSource counted = new CountingDataSource(DATABASE);
        TransferStrategy transfers = strategy(strategy, counted.dataSource());

        FutureTask<TransferResult> first = new FutureTask<>(() -> transfers.transfer(TransferRequest.of(a, b, 10)));
        FutureTask<TransferResult> second = new FutureTask<>(() -> transfers.transfer(TransferRequest.of(a, c, 20)));
        Thread secondThread = new Thread(second, "second transfer");
        try (CommitStall.Held held = stall.hold()) {
            new Thread(first, "first transfer").start();
            held.awaitStalledCommit();
            secondThread.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> secondThread.getState() == Thread.State.TIMED_WAITING);
            assertThat(counted.connections())
                    .as("connections taken while the second waits")
                    .hasValue(1);
        }

        assertThat(first.get()).isInstanceOf(Transferred.class);
        assertThat(second.get()).isInstanceOf(Transferred.class);
        assertThat(counted.connections())
                .as("one attempt each: no lost race, no abort")
                .hasValue(2);
        assertThat(accounts.find(a).orElseThrow().balance()).isEqualTo(70);
        assertThat(accounts.find(b).orElseThrow().balance()).isEqualTo(110);
        assertThat(accounts.find(c).orElseThrow().balance()).isEqualTo(120);
    }

    private static TransferStrategy strategy(String name, DataSource dataSource) {
        TransferSettings settings = new TransferSettings(
                Duration.ZERO,
                new RetryPolicy(100, Duration.ofMillis(1), Duration.ofMillis(50)),
                Duration.ofSeconds(60));
        return new JdbcTransferStrategies(new Transactions(dataSource), Clock.systemUTC(), settings)
                .named(name)
                .orElseThrow();
    }
}
