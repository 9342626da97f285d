package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.Order;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency keys in PostgreSQL. A claim is an {@code in_flight} row inserted before the purchase, under a fresh
 * token and owned by this instance ({@link InstanceLiveness}); the purchase's own transaction turns it {@code
 * completed}, only while the row still carries the token (see {@link OrderWriter}).
 *
 * <p>A claim is abandoned when no running request holds it: its owner is not alive (the process died, or lost its
 * database session), or its owner is this instance and the request that took it has ended (its release failed because
 * the database could not be reached). An abandoned claim is taken over at once by the next request with its key, under
 * a new token; a claim whose request is still running is never taken over. {@link #heartbeat} frees this instance's
 * abandoned claims as soon as the database answers again, so that other instances see the keys free as well.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcIdempotencyStore.class);
    private static final int CLAIM_ROUNDS = 5;

    /** A key with its order, and whether its claim's owner (when it is not this instance) is gone. One indexed read. */
    private static final String LOOK_UP = """
            SELECT k.fingerprint, k.state, k.claim, k.owner,
                   CASE WHEN k.state = 'in_flight' AND k.owner <> ?
                        THEN pg_try_advisory_xact_lock(?, k.owner) END AS owner_gone,
                   o.id, o.sku_id, o.buyer_id, o.quantity, o.created_at
              FROM idempotency_keys k LEFT JOIN orders o ON o.id = k.order_id
             WHERE k.buyer_id = ? AND k.idem_key = ?
            """;

    private final Transactions transactions;
    private final Clock clock;
    private final InstanceLiveness instance;
    /** The tokens of this instance's claims whose requests are still running. */
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();

    public JdbcIdempotencyStore(Transactions transactions, Clock clock, InstanceLiveness instance) {
        this.transactions = transactions;
        this.clock = clock;
        this.instance = instance;
    }

    /** A stored key: its state, the token of its claim, and whether no running request holds that claim. */
    private record Stored(Claim state, UUID claim, boolean abandoned) {}

    @Override
    public Claim claim(String buyerId, String key, String fingerprint) {
        UUID token = UUID.randomUUID();
        running.add(token); // before the claim's time is read: see heartbeat()
        Claim claim = null;
        try {
            claim = transactions.required(connection -> {
                Sql sql = Sql.on(connection);
                for (int round = 0; round < CLAIM_ROUNDS; round++) {
                    if (insertClaim(sql, buyerId, key, fingerprint, token)) {
                        return new Claimed(token);
                    }
                    Optional<Stored> stored = lookUp(sql, buyerId, key);
                    if (stored.isPresent() && !stored.get().abandoned()) {
                        return stored.get().state();
                    }
                    if (stored.isPresent() && takeOver(sql, buyerId, key, fingerprint, stored.get(), token)) {
                        return new Claimed(token);
                    }
                }
                throw new IllegalStateException("idempotency key " + key + " kept changing hands while being claimed");
            });
            return claim;
        } finally {
            if (!(claim instanceof Claimed)) {
                running.remove(token);
            }
        }
    }

    @Override
    public Optional<Claim> find(String buyerId, String key) {
        return transactions
                .required(connection -> lookUp(Sql.on(connection), buyerId, key))
                .filter(stored -> !stored.abandoned())
                .map(Stored::state);
    }

    private boolean insertClaim(Sql sql, String buyerId, String key, String fingerprint, UUID token)
            throws SQLException {
        return sql.updateOne(
                "idempotency claim",
                sql.dialect()
                        .insertIgnoringDuplicates("INSERT INTO idempotency_keys"
                                + " (buyer_id, idem_key, fingerprint, state, claimed_at, claim, owner)"
                                + " VALUES (?, ?, ?, 'in_flight', ?, ?, ?)"),
                buyerId,
                key,
                fingerprint,
                clock.instant(),
                token,
                instance.id());
    }

    /** The key's state; empty when it vanished meanwhile (released) and the claim should be tried again. */
    private Optional<Stored> lookUp(Sql sql, String buyerId, String key) throws SQLException {
        int me = instance.id();
        return sql.queryFirst(
                LOOK_UP,
                row -> {
                    String fingerprint = row.getString(1);
                    UUID claim = row.getObject(3, UUID.class);
                    if (row.getString(2).equals("completed")) {
                        Order order = new Order(
                                row.getObject(6, UUID.class),
                                row.getString(7),
                                row.getString(8),
                                row.getInt(9),
                                row.getTimestamp(10).toInstant());
                        return new Stored(new Completed(order, fingerprint), claim, false);
                    }
                    int owner = row.getInt(4);
                    boolean abandoned = row.wasNull() || (owner == me ? !running.contains(claim) : row.getBoolean(5));
                    return new Stored(new InFlight(fingerprint), claim, abandoned);
                },
                me,
                InstanceLiveness.LOCK_CLASS,
                buyerId,
                key);
    }

    /** Takes an abandoned claim over under {@code token}; false if it changed meanwhile. */
    private boolean takeOver(Sql sql, String buyerId, String key, String fingerprint, Stored abandoned, UUID token)
            throws SQLException {
        return sql.updateOne(
                "idempotency takeover",
                "UPDATE idempotency_keys SET fingerprint = ?, claim = ?, owner = ?, claimed_at = ?"
                        + " WHERE buyer_id = ? AND idem_key = ? AND state = 'in_flight'"
                        + " AND claim IS NOT DISTINCT FROM ?",
                fingerprint,
                token,
                instance.id(),
                clock.instant(),
                buyerId,
                key,
                abandoned.claim());
    }

    @Override
    public void end(String buyerId, String key, UUID token, boolean ordered) {
        try {
            if (!ordered) {
                transactions.required(connection -> Sql.on(connection)
                        .update(
                                "DELETE FROM idempotency_keys"
                                        + " WHERE buyer_id = ? AND idem_key = ? AND state = 'in_flight' AND claim = ?",
                                buyerId,
                                key,
                                token));
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Idempotency key {} of buyer {} stays claimed until the database answers again: {}",
                    key,
                    buyerId,
                    e.toString());
        } finally {
            running.remove(token);
        }
    }

    /**
     * Frees the claims this instance abandoned (requests that ended while the database could not be reached), then
     * shows the database that this instance is alive ({@link InstanceLiveness#heartbeat}). Run it periodically, more
     * often than the liveness silence limit. A claim taken after {@code now} is read, or still held by a running
     * request, is left alone: a request registers its token before it reads the time of its claim.
     */
    public void heartbeat() {
        Instant now = clock.instant();
        UUID[] stillRunning = running.toArray(UUID[]::new);
        int freed = transactions.required(connection -> Sql.on(connection)
                .update(
                        "DELETE FROM idempotency_keys WHERE owner = ? AND state = 'in_flight' AND claimed_at < ?"
                                + " AND claim <> ALL (?)",
                        instance.id(),
                        now,
                        connection.createArrayOf("uuid", stillRunning)));
        if (freed > 0) {
            log.info("Freed {} idempotency keys left claimed by requests that ended during a database fault", freed);
        }
        instance.heartbeat();
    }
}
