package dev.stampede.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.jdbc.Transactions.Fault;
import dev.stampede.jdbc.Transactions.Outcome;
import dev.stampede.jdbc.Transactions.Retried;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a failed commit is reported: a connection lost inside {@code COMMIT} leaves the outcome unknown whether or not
 * the database went on to commit (both happen below, for real); a refusal the database answers is a plain failure.
 */
class TransactionsTest {

    private static final DataSource DATABASE = TestDatabase.dataSource();
    private static CommitStall stall;
    private static Transactions transactions;

    private final String id = CommitStall.MARK + "-" + UUID.randomUUID();

    @BeforeAll
    static void tables() throws SQLException {
        try (Connection connection = DATABASE.getConnection();
                Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS commit_probes (id text PRIMARY KEY)");
            ddl.execute("CREATE TABLE IF NOT EXISTS deferred_unique (id text,"
                    + " CONSTRAINT deferred_unique_id UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)");
        }
        stall = CommitStall.on(DATABASE).watching("commit_probes", "id");
        transactions = new Transactions(stall.tracking(DATABASE));
    }

    @Test
    void aCommitWhoseReplyIsLostIsOfUnknownOutcomeThoughItWasApplied() throws Exception {
        try (CommitStall.Held held = stall.hold()) {
            CompletableFuture<Integer> outcome =
                    CompletableFuture.supplyAsync(() -> transactions.required(this::insertProbe));
            held.cutClient(held.awaitStalledCommit());

            assertThatThrownBy(outcome::join).hasCauseInstanceOf(OutcomeUnknownException.class);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> probeCount() == 1);
    }

    @Test
    void aCommitWhoseBackendDiesIsOfUnknownOutcomeAndWasNotApplied() throws Exception {
        try (CommitStall.Held held = stall.hold()) {
            CompletableFuture<Integer> outcome =
                    CompletableFuture.supplyAsync(() -> transactions.required(this::insertProbe));
            int backend = held.awaitStalledCommit();
            held.terminate(backend);
            held.awaitGone(backend);

            assertThatThrownBy(outcome::join).hasCauseInstanceOf(OutcomeUnknownException.class);
        }

        assertThat(probeCount()).isZero();
    }

    @Test
    void aCommitTheDatabaseRefusesIsADefiniteFailureAndAppliesNothing() {
        assertThatThrownBy(() -> transactions.inTransaction(connection -> {
                    Sql.on(connection).update("INSERT INTO deferred_unique (id) VALUES (?)", id);
                    return Sql.on(connection).update("INSERT INTO deferred_unique (id) VALUES (?)", id);
                }))
                .isInstanceOf(SQLException.class)
                .isNotInstanceOf(OutcomeUnknownException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
    }

    @Test
    void aFailureBeforeTheCommitIsNeverOfUnknownOutcome() throws Exception {
        try (Connection other = DATABASE.getConnection()) {
            assertThatThrownBy(() -> transactions.inTransaction(connection -> {
                        insertProbe(connection);
                        int backend = connection
                                .unwrap(org.postgresql.PGConnection.class)
                                .getBackendPID();
                        try (PreparedStatement kill = other.prepareStatement("SELECT pg_terminate_backend(?)")) {
                            kill.setInt(1, backend);
                            kill.execute();
                        }
                        await().atMost(Duration.ofSeconds(30)).until(() -> !alive(other, backend));
                        return insertProbe(connection);
                    }))
                    .isInstanceOf(SQLException.class)
                    .isNotInstanceOf(OutcomeUnknownException.class);
        }

        assertThat(probeCount()).isZero();
    }

    @Test
    void workThatEndsWithARollbackAnswersItsValueAndAppliesNothing() throws SQLException {
        Outcome<String> outcome = transactions.attempt(sql -> {
            sql.update("INSERT INTO commit_probes (id) VALUES (?)", id);
            return Transactions.rollback("refused");
        });

        assertThat(outcome).isEqualTo(new Outcome.Done<>("refused"));
        assertThat(probeCount()).isZero();
    }

    @Test
    void aConflictRollsBackAndIsALostRace() throws SQLException {
        Outcome<String> outcome = transactions.attempt(sql -> {
            sql.update("INSERT INTO commit_probes (id) VALUES (?)", id);
            return Transactions.conflict("version conflict");
        });

        assertThat(outcome).isEqualTo(new Outcome.Busy<>("version conflict", Fault.LOST_RACE));
        assertThat(probeCount()).isZero();
    }

    @Test
    void aLockWaitThatTimesOutIsBusyButNoLostRace() throws Exception {
        transactions.inTransaction(this::insertProbe);
        try (RowLockHolder held =
                RowLockHolder.lock(DATABASE, "SELECT id FROM commit_probes WHERE id = ? FOR UPDATE", id)) {
            Outcome<Integer> outcome = transactions.attempt(sql -> {
                sql.dialect().setLockTimeout(sql, Duration.ofMillis(50));
                return Transactions.commit(sql.update("UPDATE commit_probes SET id = id WHERE id = ?", id));
            });

            assertThat(outcome).isEqualTo(new Outcome.Busy<>("lock wait timed out", Fault.LOCK_TIMEOUT));
        }
    }

    @Test
    void lostRacesAreRetriedUntilTheWorkIsDoneAndOtherBusyAnswersAreNot() throws SQLException {
        RetryPolicy retry = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(2));
        AtomicInteger attempts = new AtomicInteger();

        String done = transactions.retrying(
                retry,
                Retried.LOST_RACES,
                sql -> attempts.incrementAndGet() < 3
                        ? Transactions.conflict("version conflict")
                        : Transactions.commit("won"),
                reason -> "busy: " + reason);
        String spent = transactions.retrying(
                retry, Retried.LOST_RACES, sql -> Transactions.conflict("version conflict"), reason -> reason);

        assertThat(done).isEqualTo("won");
        assertThat(attempts).hasValue(3);
        assertThat(spent).isEqualTo("version conflict after 5 attempts");
    }

    @Test
    void aLockWaitThatTimesOutIsRetriedByTransfersAndAnswersBusyAtOnceToPurchases() throws Exception {
        RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2));
        AtomicInteger purchaseAttempts = new AtomicInteger();
        AtomicInteger transferAttempts = new AtomicInteger();
        transactions.inTransaction(this::insertProbe);
        try (RowLockHolder held =
                RowLockHolder.lock(DATABASE, "SELECT id FROM commit_probes WHERE id = ? FOR UPDATE", id)) {
            String purchase = transactions.retrying(
                    retry, Retried.LOST_RACES, lockedUpdate(purchaseAttempts), reason -> "busy: " + reason);
            String transfer = transactions.retrying(
                    retry, Retried.EVERY_TRANSIENT_FAULT, lockedUpdate(transferAttempts), reason -> "busy: " + reason);

            assertThat(purchase).isEqualTo("busy: lock wait timed out");
            assertThat(purchaseAttempts).hasValue(1);
            assertThat(transfer).isEqualTo("busy: lock wait timed out after 3 attempts");
            assertThat(transferAttempts).hasValue(3);
        }
    }

    /** Issue 17 item 3: a transfer's budget is time, the same for slow and fast attempts, not a count of attempts. */
    @Test
    void retryingUntilADeadlineGoesOnPastThePolicysAttemptCapUntilTheDeadlineHasPassed() throws Exception {
        RetryPolicy oneAttempt = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(2));
        AtomicInteger attempts = new AtomicInteger();
        transactions.inTransaction(this::insertProbe);
        try (RowLockHolder held =
                RowLockHolder.lock(DATABASE, "SELECT id FROM commit_probes WHERE id = ? FOR UPDATE", id)) {
            long start = System.nanoTime();
            String answer = transactions.retryingUntil(
                    start + Duration.ofMillis(400).toNanos(),
                    oneAttempt,
                    Retried.EVERY_TRANSIENT_FAULT,
                    lockedUpdate(attempts),
                    reason -> "busy: " + reason);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(attempts.get()).isGreaterThan(1);
            assertThat(answer).isEqualTo("busy: lock wait timed out after " + attempts.get() + " attempts");
        }
    }

    private Transactions.Decision<String> lockedUpdate(AtomicInteger attempts) {
        return sql -> {
            attempts.incrementAndGet();
            sql.dialect().setLockTimeout(sql, Duration.ofMillis(50));
            sql.update("UPDATE commit_probes SET id = id WHERE id = ?", id);
            return Transactions.commit("updated");
        };
    }

    private static boolean alive(Connection connection, int backend) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
            select.setInt(1, backend);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private int insertProbe(Connection connection) throws SQLException {
        return Sql.on(connection).update("INSERT INTO commit_probes (id) VALUES (?) ON CONFLICT DO NOTHING", id);
    }

    private int probeCount() throws SQLException {
        try (Connection connection = DATABASE.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT count(*) FROM commit_probes WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
