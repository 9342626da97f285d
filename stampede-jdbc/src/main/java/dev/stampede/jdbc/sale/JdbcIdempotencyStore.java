package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.Order;
import dev.stampede.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency keys in PostgreSQL. A claim is an {@code in_flight} row inserted before the purchase; the purchase's own
 * transaction turns it {@code completed}. A claim older than {@code staleAfter} belongs to a process that died and may
 * be taken over.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {

    private static final int CLAIM_ROUNDS = 5;

    private final Transactions transactions;
    private final Clock clock;
    private final Duration staleAfter;

    public JdbcIdempotencyStore(Transactions transactions, Clock clock, Duration staleAfter) {
        this.transactions = transactions;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    @Override
    public Claim claim(String buyerId, String key, String fingerprint) {
        return transactions.required(connection -> {
            for (int round = 0; round < CLAIM_ROUNDS; round++) {
                if (insertClaim(connection, buyerId, key, fingerprint)) {
                    return new Claimed();
                }
                Optional<Claim> existing = existing(connection, buyerId, key, fingerprint);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            throw new IllegalStateException("idempotency key " + key + " kept changing hands while being claimed");
        });
    }

    private boolean insertClaim(Connection connection, String buyerId, String key, String fingerprint)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO idempotency_keys (buyer_id, idem_key, fingerprint, state, claimed_at)"
                        + " VALUES (?, ?, ?, 'in_flight', ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, buyerId);
            insert.setString(2, key);
            insert.setString(3, fingerprint);
            insert.setTimestamp(4, Timestamp.from(clock.instant()));
            return insert.executeUpdate() == 1;
        }
    }

    /** The key's current state; empty when it vanished meanwhile (released) and the claim should be tried again. */
    private Optional<Claim> existing(Connection connection, String buyerId, String key, String fingerprint)
            throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT fingerprint, state, order_id, claimed_at FROM idempotency_keys"
                        + " WHERE buyer_id = ? AND idem_key = ?")) {
            select.setString(1, buyerId);
            select.setString(2, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String storedFingerprint = row.getString(1);
                if (row.getString(2).equals("completed")) {
                    return Optional.of(new Completed(row.getObject(3, UUID.class), storedFingerprint));
                }
                Instant claimedAt = row.getTimestamp(4).toInstant();
                if (claimedAt.plus(staleAfter).isAfter(clock.instant())) {
                    return Optional.of(new InFlight(storedFingerprint));
                }
                return takeOver(connection, buyerId, key, fingerprint, claimedAt)
                        ? Optional.of(new Claimed())
                        : Optional.empty();
            }
        }
    }

    private boolean takeOver(Connection connection, String buyerId, String key, String fingerprint, Instant claimedAt)
            throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE idempotency_keys SET fingerprint = ?, claimed_at = ?"
                        + " WHERE buyer_id = ? AND idem_key = ? AND state = 'in_flight' AND claimed_at = ?")) {
            update.setString(1, fingerprint);
            update.setTimestamp(2, Timestamp.from(clock.instant()));
            update.setString(3, buyerId);
            update.setString(4, key);
            update.setTimestamp(5, Timestamp.from(claimedAt));
            return update.executeUpdate() == 1;
        }
    }

    @Override
    public void release(String buyerId, String key) {
        transactions.required(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM idempotency_keys WHERE buyer_id = ? AND idem_key = ? AND state = 'in_flight'")) {
                delete.setString(1, buyerId);
                delete.setString(2, key);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Order> order(UUID orderId) {
        return transactions.required(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, sku_id, buyer_id, quantity, created_at FROM orders WHERE id = ?")) {
                select.setObject(1, orderId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new Order(
                                    row.getObject(1, UUID.class),
                                    row.getString(2),
                                    row.getString(3),
                                    row.getInt(4),
                                    row.getTimestamp(5).toInstant()))
                            : Optional.empty();
                }
            }
        });
    }
}
