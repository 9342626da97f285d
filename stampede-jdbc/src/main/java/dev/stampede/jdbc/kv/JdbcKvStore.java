package dev.stampede.jdbc.kv;

import dev.stampede.core.kv.KvCondition;
import dev.stampede.core.kv.KvEntry;
import dev.stampede.core.kv.KvStore;
import dev.stampede.core.kv.KvWrite;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Sql.RowMapper;
import dev.stampede.jdbc.Transactions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link KvStore} on PostgreSQL. Each conditional write is one statement whose {@code WHERE}
 * clause is the condition, so PostgreSQL checks it against the latest committed version of the row, after waiting for
 * any writer of the same key: of two writes that expect the same revision, one is applied and the other changes
 * nothing. Only a write that changed nothing reads the key again, to tell the caller its current revision.
 *
 * <p>Revisions come from one sequence, {@code kv_revision}, drawn inside the write. They are unique; the writes of one
 * key take growing revisions in the order they commit; a write that starts after another has committed takes a larger
 * revision than it. Unlike etcd's, they can skip numbers (a number drawn by a write that then lost its race is not
 * reused), and two writes of different keys that run at the same time may commit in the opposite order of their
 * revisions.
 */
final class JdbcKvStore implements KvStore {

    private static final String COLUMNS = "key, value, create_revision, mod_revision, version";

    /** The last two parameters are the condition: true for any revision, else the revisions that qualify. */
    private static final String UPDATE = """
            UPDATE kv SET value = ?, mod_revision = nextval('kv_revision'), version = version + 1
             WHERE key = ? AND (? OR mod_revision = ANY (?))
            RETURNING %s""".formatted(COLUMNS);

    /** Made into an insert that ignores an existing key by the dialect, then {@code RETURNING} the columns. */
    private static final String CREATE = """
            INSERT INTO kv (key, value, create_revision, mod_revision, version)
            SELECT ?, ?, revision, revision, 1 FROM (SELECT nextval('kv_revision') AS revision) drawn""";

    /** The revision is drawn in {@code RETURNING}, so only for a row that was deleted. */
    private static final String DELETE = """
            DELETE FROM kv WHERE key = ? AND (? OR mod_revision = ANY (?))
            RETURNING nextval('kv_revision')
            """;

    private final Transactions transactions;

    JdbcKvStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<KvEntry> get(String key) {
        return transactions.required(connection ->
                Sql.on(connection).queryFirst("SELECT " + COLUMNS + " FROM kv WHERE key = ?", JdbcKvStore::entry, key));
    }

    @Override
    public KvWrite<KvEntry> update(String key, String value, KvCondition condition) {
        return write(key, sql -> UPDATE, JdbcKvStore::entry, value, key, anyRevision(condition), revisions(condition));
    }

    @Override
    public KvWrite<KvEntry> create(String key, String value) {
        return write(
                key,
                sql -> sql.dialect().insertIgnoringDuplicates(CREATE) + " RETURNING " + COLUMNS,
                JdbcKvStore::entry,
                key,
                value);
    }

    @Override
    public KvWrite<Long> delete(String key, KvCondition condition) {
        return write(key, sql -> DELETE, row -> row.getLong(1), key, anyRevision(condition), revisions(condition));
    }

    private static boolean anyRevision(KvCondition condition) {
        return condition instanceof KvCondition.Exists;
    }

    private static Long[] revisions(KvCondition condition) {
        return switch (condition) {
            case KvCondition.AtRevision at -> at.revisions().toArray(Long[]::new);
            case KvCondition.Exists exists -> new Long[0];
        };
    }

    /** The statement of a write, as the connection's dialect has it. */
    @FunctionalInterface
    private interface Statement {
        String of(Sql sql) throws SQLException;
    }

    /** Runs one conditional write: applied if it returned its row, else refused with the key's current revision. */
    private <T> KvWrite<T> write(String key, Statement statement, RowMapper<T> returned, Object... parameters) {
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            List<T> rows = sql.query(statement.of(sql), returned, parameters);
            if (rows.size() > 1) {
                throw new IllegalStateException("a conditional write of key '" + key + "' hit several rows");
            }
            if (rows.isEmpty()) {
                return new KvWrite.PreconditionFailed<>(
                        sql.queryFirst("SELECT mod_revision FROM kv WHERE key = ?", row -> row.getLong(1), key)
                                .map(OptionalLong::of)
                                .orElse(OptionalLong.empty()));
            }
            return new KvWrite.Applied<>(rows.getFirst());
        });
    }

    private static KvEntry entry(ResultSet row) throws SQLException {
        return new KvEntry(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4), row.getLong(5));
    }
}
