package dev.stampede.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.OutcomeUnknownException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
                    Statements.update(connection, "INSERT INTO deferred_unique (id) VALUES (?)", id);
                    return Statements.update(connection, "INSERT INTO deferred_unique (id) VALUES (?)", id);
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

    private static boolean alive(Connection connection, int backend) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
            select.setInt(1, backend);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private int insertProbe(Connection connection) throws SQLException {
        return Statements.update(connection, "INSERT INTO commit_probes (id) VALUES (?) ON CONFLICT DO NOTHING", id);
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
