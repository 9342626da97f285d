package dev.stampede.jdbc.sale;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.Order;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.token.Checkout;
import dev.stampede.core.sale.token.ClaimRequest;
import dev.stampede.core.sale.token.Grant;
import dev.stampede.core.sale.token.Redemption;
import dev.stampede.core.sale.token.Release;
import dev.stampede.core.sale.token.TokenClaim;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenSale;
import dev.stampede.core.sale.token.TokenStates;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Decision;
import dev.stampede.jdbc.Transactions.Retried;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@link TokenLedger} on PostgreSQL: tables {@code sale_tokens} (one row per token, minted with the SKU by {@link
 * JdbcSkuStore}) and {@code token_claims} (one row per claim). Each method is one transaction; a lost race (a deadlock)
 * is retried under the strategy's {@link RetryPolicy}, any other transient fault is {@link StoreUnavailableException}.
 *
 * <p>Claims without Redis ({@link #claimFree}) first take free rows with {@code FOR UPDATE SKIP LOCKED}, in the
 * buyer's partition and then in any: buyers never queue behind one another's rows. Only when that finds too few (the
 * end of the sale, or every free row locked by a buyer in flight) does a second transaction lock every free row of the
 * SKU in token order, waiting for the buyers in flight, so that a sold-out answer is exact.
 */
final class JdbcTokenLedger implements TokenLedger {

    /**
     * A token is free when no open claim holds it: never claimed, released, or its claim expired (the ? is now). The
     * first term lets the claims use the index of unredeemed tokens, so that the redeemed ones cost them nothing.
     */
    private static final String FREE = "(state <> 'redeemed' AND (state = 'free' OR expires_at <= ?))";

    private static final String CLAIM_COLUMNS = "id, sku_id, buyer_id, tokens, expires_at, state, order_id";

    private final Transactions transactions;
    private final OrderWriter orders;
    private final RetryPolicy retry;
    private final int partitions;

    JdbcTokenLedger(Transactions transactions, OrderWriter orders, RetryPolicy retry, int partitions) {
        this.transactions = transactions;
        this.orders = orders;
        this.retry = retry;
        this.partitions = partitions;
    }

    /** Mints the tokens of a new SKU in the caller's transaction: {@code stock} rows, partition = token mod count. */
    static void mint(Sql sql, String skuId, int stock, int partitions) throws SQLException {
        sql.update(
                "INSERT INTO sale_tokens (sku_id, token, part) SELECT ?, g, g % ? FROM generate_series(0, ? - 1) g",
                skuId, partitions, stock);
    }

    @Override
    public Grant claimFree(ClaimRequest request) {
        Grant skipping = run(sql -> {
            int start = ThreadLocalRandom.current().nextInt(partitions);
            List<Integer> tokens = sql.query(
                    "SELECT token FROM sale_tokens WHERE sku_id = ? AND part = ? AND " + FREE
                            + " LIMIT ? FOR UPDATE SKIP LOCKED",
                    row -> row.getInt(1),
                    request.skuId(),
                    start,
                    request.now(),
                    request.quantity());
            if (tokens.size() < request.quantity()) {
                tokens = sql.query(
                        "SELECT token FROM sale_tokens WHERE sku_id = ? AND " + FREE
                                + " LIMIT ? FOR UPDATE SKIP LOCKED",
                        row -> row.getInt(1),
                        request.skuId(),
                        request.now(),
                        request.quantity());
            }
            if (tokens.size() < request.quantity()) {
                return Transactions.rollback(null);
            }
            Optional<OptionalInt> limit = limit(sql, request.skuId());
            if (limit.isEmpty()) {
                return Transactions.rollback(new Grant.UnknownSku(request.skuId()));
            }
            return decided(markLocked(sql, request, tokens, limit.get()));
        });
        if (skipping != null) {
            return skipping;
        }
        return run(sql -> {
            Optional<OptionalInt> limit = limit(sql, request.skuId());
            if (limit.isEmpty()) {
                return Transactions.rollback(new Grant.UnknownSku(request.skuId()));
            }
            List<Integer> free = sql.query(
                    "SELECT token FROM sale_tokens WHERE sku_id = ? AND " + FREE + " ORDER BY token FOR UPDATE",
                    row -> row.getInt(1),
                    request.skuId(),
                    request.now());
            if (free.size() < request.quantity()) {
                return Transactions.rollback(new Grant.Short(free.size()));
            }
            return decided(markLocked(sql, request, free.subList(0, request.quantity()), limit.get()));
        });
    }

    @Override
    public Grant record(ClaimRequest request, List<Integer> tokens) {
        return run(sql -> {
            Optional<OptionalInt> limit = limit(sql, request.skuId());
            if (limit.isEmpty()) {
                return Transactions.rollback(new Grant.UnknownSku(request.skuId()));
            }
            return decided(mark(sql, request, tokens, limit.get()));
        });
    }

    /** A granted claim commits; any other answer rolls back whatever the transaction did. */
    private static Transactions.Ending<Grant> decided(Grant grant) {
        return grant instanceof Grant.Granted ? Transactions.commit(grant) : Transactions.rollback(grant);
    }

    /** Claims free tokens this transaction has locked: only the buyer's limit can refuse it. */
    private static Grant markLocked(Sql sql, ClaimRequest request, List<Integer> tokens, OptionalInt maxPerBuyer)
            throws SQLException {
        Grant grant = mark(sql, request, tokens, maxPerBuyer);
        if (grant instanceof Grant.Disagreed) {
            throw new IllegalStateException("free tokens locked by claim " + request.claimId() + " were refused");
        }
        return grant;
    }

    /**
     * Claims {@code tokens} if every one is free, recording the claim: granted, else disagreed or over the buyer's
     * limit (roll back). For a SKU with a limit it first ends the buyer's own expired claims (their units back, {@link
     * #end}) and then takes the claim's units for the buyer ({@link BuyerUnits#take}, the conditional upsert every
     * strategy decides limits with), so that a buyer can never hold more than the limit in open claims and orders
     * together. The tokens' update answers the claims that held them before (expired ones, or none); those are ended
     * after it, so that their other tokens are free and every instance hears so. A claim of free tokens costs no
     * statement more than the update.
     */
    private static Grant mark(Sql sql, ClaimRequest request, List<Integer> tokens, OptionalInt maxPerBuyer)
            throws SQLException {
        if (maxPerBuyer.isPresent()) {
            end(
                    sql,
                    "expired",
                    request.now(),
                    "sku_id = ? AND buyer_id = ? AND expires_at <= ?",
                    request.skuId(),
                    request.buyerId(),
                    request.now());
            Optional<PurchaseResult.OverBuyerLimit> over = BuyerUnits.take(
                    sql, PurchaseRequest.of(request.skuId(), request.buyerId(), request.quantity()), maxPerBuyer);
            if (over.isPresent()) {
                return new Grant.OverBuyerLimit(
                        over.get().maxPerBuyer(), over.get().held());
            }
        }
        List<Optional<UUID>> before = sql.query(
                """
                WITH picked AS (SELECT token, claim_id FROM sale_tokens
                                 WHERE sku_id = ? AND token = ANY (?) AND %s FOR UPDATE)
                UPDATE sale_tokens t SET state = 'claimed', claim_id = ?, expires_at = ?
                  FROM picked WHERE t.sku_id = ? AND t.token = picked.token
                RETURNING picked.claim_id
                """.formatted(FREE),
                row -> Optional.ofNullable(row.getObject(1, UUID.class)),
                request.skuId(),
                integers(sql, tokens),
                request.now(),
                request.claimId(),
                request.expiresAt(),
                request.skuId());
        if (before.size() != tokens.size()) {
            if (before.size() > tokens.size()) {
                throw new IllegalStateException(
                        "claiming " + tokens.size() + " tokens changed " + before.size() + " rows");
            }
            return new Grant.Disagreed(request.skuId());
        }
        Object[] expired = before.stream().flatMap(Optional::stream).distinct().toArray();
        if (expired.length > 0) {
            end(sql, "expired", request.now(), "id = ANY (?)", sql.connection().createArrayOf("uuid", expired));
        }
        sql.update(
                "INSERT INTO token_claims (id, sku_id, buyer_id, tokens, expires_at, state, created_at,"
                        + " units_counted) VALUES (?, ?, ?, ?, ?, 'claimed', ?, ?)",
                request.claimId(),
                request.skuId(),
                request.buyerId(),
                integers(sql, tokens),
                request.expiresAt(),
                request.now(),
                maxPerBuyer.isPresent());
        return new Grant.Granted(request.granted(tokens));
    }

    @Override
    public Checkout checkout(UUID claimId, Instant now) {
        return run(sql -> {
            Optional<Recorded> recorded = lockClaim(sql, claimId);
            if (recorded.isEmpty()) {
                return Transactions.rollback(new Checkout.UnknownClaim(claimId));
            }
            TokenClaim claim = recorded.get().claim();
            Redemption unkeyed =
                    new Redemption(claim, new PurchaseRequest(claim.skuId(), claim.buyerId(), claim.quantity(), null));
            return switch (redeem(sql, List.of(unkeyed), now)) {
                case Transactions.Commit<Checkout[]> commit -> Transactions.commit(commit.value()[0]);
                case Transactions.Rollback<Checkout[]> rollback -> Transactions.rollback(rollback.value()[0]);
                case Transactions.Conflict<Checkout[]> conflict -> Transactions.conflict(conflict.reason());
            };
        });
    }

    @Override
    public List<Checkout> redeemAll(List<Redemption> redemptions, Instant now) {
        if (redemptions.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(run(sql -> redeem(sql, redemptions, now)));
    }

    /**
     * Redeems claims into the orders their requests ask for, in one transaction: the claims are locked (in id order, so
     * that two such transactions never deadlock), each open one's tokens move from claimed to redeemed and its claim
     * row to redeemed with its order, with one statement each for all of them; the expiry is part of each conditional
     * write ({@code expires_at > now}), and the row counts are checked exactly. A claim already ended is answered as
     * {@link #checkout} answers it; one found expired is ended as expired in the same transaction. A member whose key
     * was taken over rolls everything back, answered {@link Checkout.KeyLost}, the others {@code null}.
     */
    private Transactions.Ending<Checkout[]> redeem(Sql sql, List<Redemption> redemptions, Instant now)
            throws SQLException {
        Map<UUID, Recorded> locked = new HashMap<>();
        for (Recorded recorded : sql.query(
                "SELECT " + CLAIM_COLUMNS + " FROM token_claims WHERE id = ANY (?) ORDER BY id FOR UPDATE",
                JdbcTokenLedger::recorded,
                uuids(sql, redemptions.stream().map(r -> r.claim().id()).toList()))) {
            locked.put(recorded.claim().id(), recorded);
        }
        Checkout[] results = new Checkout[redemptions.size()];
        List<Integer> open = new ArrayList<>(redemptions.size());
        List<UUID> expired = new ArrayList<>();
        for (int i = 0; i < redemptions.size(); i++) {
            UUID id = redemptions.get(i).claim().id();
            Recorded recorded = locked.get(id);
            if (recorded == null) {
                results[i] = new Checkout.UnknownClaim(id);
                continue;
            }
            TokenClaim claim = recorded.claim();
            switch (recorded.state()) {
                case "redeemed" -> results[i] = new Checkout.Redeemed(claim, order(sql, recorded.orderId()), true);
                case "released" -> results[i] = new Checkout.Released(claim);
                case "expired" -> results[i] = new Checkout.Expired(claim);
                default -> {
                    if (claim.expiresAt().isAfter(now)) {
                        open.add(i);
                    } else {
                        expired.add(id);
                        results[i] = new Checkout.Expired(claim);
                    }
                }
            }
        }
        if (!expired.isEmpty()) {
            end(sql, "expired", now, "id = ANY (?)", uuids(sql, expired));
        }
        if (open.isEmpty()) {
            return expired.isEmpty() ? Transactions.rollback(results) : Transactions.commit(results);
        }
        List<TokenClaim> claims = open.stream()
                .map(i -> locked.get(redemptions.get(i).claim().id()).claim())
                .toList();
        Array openIds = uuids(sql, claims.stream().map(TokenClaim::id).toList());
        int tokens = claims.stream().mapToInt(TokenClaim::quantity).sum();
        int redeemed = sql.update(
                "UPDATE sale_tokens SET state = 'redeemed', expires_at = NULL"
                        + " WHERE claim_id = ANY (?) AND state = 'claimed' AND expires_at > ?",
                openIds,
                now);
        if (redeemed != tokens) {
            throw new IllegalStateException(
                    "%d open claims hold %d tokens but %d were redeemed".formatted(claims.size(), tokens, redeemed));
        }
        List<PurchaseRequest> requests =
                open.stream().map(i -> redemptions.get(i).request()).toList();
        return switch (orders.insertAll(sql, requests)) {
            case OrderWriter.ClaimLost(PurchaseRequest lost) -> {
                int slot = open.get(requests.indexOf(lost));
                Checkout[] lostOnly = new Checkout[redemptions.size()];
                lostOnly[slot] = new Checkout.KeyLost(redemptions.get(slot).claim());
                yield Transactions.rollback(lostOnly);
            }
            case OrderWriter.Orders(List<Order> written) -> {
                int ended = sql.update(
                        "UPDATE token_claims c SET state = 'redeemed', order_id = v.order_id, ended_at = ?"
                                + " FROM unnest(?, ?) AS v(id, order_id)"
                                + " WHERE c.id = v.id AND c.state = 'claimed' AND c.expires_at > ?",
                        now,
                        openIds,
                        uuids(sql, written.stream().map(Order::id).toList()),
                        now);
                if (ended != claims.size()) {
                    throw new IllegalStateException(
                            "redeeming %d locked open claims updated %d".formatted(claims.size(), ended));
                }
                for (int i = 0; i < open.size(); i++) {
                    results[open.get(i)] = new Checkout.Redeemed(claims.get(i), written.get(i), false);
                }
                yield Transactions.commit(results);
            }
        };
    }

    /**
     * Releases an open claim: its tokens free, its counted units given back and the news of the return published, in
     * one transaction. A claim that expired unnoticed is ended as expired the same way, and answered freed before.
     */
    @Override
    public Release release(UUID claimId, Instant now) {
        return run(sql -> {
            Optional<Recorded> recorded = lockClaim(sql, claimId);
            if (recorded.isEmpty()) {
                return Transactions.rollback(new Release.UnknownClaim(claimId));
            }
            TokenClaim claim = recorded.get().claim();
            if (recorded.get().state().equals("redeemed")) {
                return Transactions.rollback(new Release.AlreadyRedeemed(claim));
            }
            if (!recorded.get().state().equals("claimed")) {
                return Transactions.rollback(new Release.Freed(claim, false));
            }
            boolean open = claim.expiresAt().isAfter(now);
            if (end(sql, open ? "released" : "expired", now, "id = ?", claimId) != 1) {
                throw new IllegalStateException("the locked open claim " + claimId + " was not ended");
            }
            return Transactions.commit(new Release.Freed(claim, open));
        });
    }

    /**
     * Ends the open claims matching {@code condition} (its parameters {@code args}) as {@code state} ({@code released}
     * or {@code expired}) at {@code now}, in the caller's transaction: their tokens that no later claim took are free,
     * the units each took for its buyer are given back ({@link BuyerUnits#giveBack}), and the return of each SKU is
     * published to every instance ({@link PgStockReturnFeed#publish}, delivered on commit) so that none keeps answering
     * sold out from memory (issue 13, item 7). Answers how many claims it ended.
     */
    private static int end(Sql sql, String state, Instant now, String condition, Object... args) throws SQLException {
        record Ended(UUID id, String skuId, String buyerId, int units, boolean counted) {}
        Object[] parameters = new Object[args.length + 2];
        parameters[0] = state;
        parameters[1] = now;
        System.arraycopy(args, 0, parameters, 2, args.length);
        List<Ended> ended = sql.query(
                "UPDATE token_claims SET state = ?, ended_at = ? WHERE state = 'claimed' AND " + condition
                        + " RETURNING id, sku_id, buyer_id, cardinality(tokens), units_counted",
                row -> new Ended(
                        row.getObject(1, UUID.class),
                        row.getString(2),
                        row.getString(3),
                        row.getInt(4),
                        row.getBoolean(5)),
                parameters);
        if (ended.isEmpty()) {
            return 0;
        }
        int freed = sql.update(
                "UPDATE sale_tokens SET state = 'free', claim_id = NULL, expires_at = NULL"
                        + " WHERE claim_id = ANY (?) AND state = 'claimed'",
                sql.connection()
                        .createArrayOf("uuid", ended.stream().map(Ended::id).toArray()));
        int held = ended.stream().mapToInt(Ended::units).sum();
        if (freed > held) {
            throw new IllegalStateException("ending claims of %d tokens freed %d".formatted(held, freed));
        }
        BuyerUnits.giveBack(
                sql,
                ended.stream()
                        .filter(Ended::counted)
                        .map(e -> new BuyerUnits.Returned(e.skuId(), e.buyerId(), e.units()))
                        .toList());
        for (String skuId : ended.stream().map(Ended::skuId).distinct().toList()) {
            PgStockReturnFeed.publish(sql, skuId);
        }
        return ended.size();
    }

    @Override
    public Optional<TokenClaim> find(UUID claimId) {
        return transactions.required(connection -> Sql.on(connection)
                .queryFirst(
                        "SELECT " + CLAIM_COLUMNS + " FROM token_claims WHERE id = ?",
                        JdbcTokenLedger::recorded,
                        claimId)
                .map(Recorded::claim));
    }

    /** One statement: one snapshot. */
    @Override
    public Optional<TokenStates> states(String skuId, Instant now) {
        return transactions.required(connection -> Sql.on(connection)
                .queryFirst(
                        """
                        SELECT s.initial_stock,
                               array(SELECT token FROM sale_tokens t WHERE t.sku_id = s.id
                                        AND (t.state = 'free' OR (t.state = 'claimed' AND t.expires_at <= ?))
                                      ORDER BY token),
                               array(SELECT token FROM sale_tokens t WHERE t.sku_id = s.id
                                        AND t.state = 'claimed' AND t.expires_at > ? ORDER BY token),
                               array(SELECT token FROM sale_tokens t WHERE t.sku_id = s.id
                                        AND t.state = 'redeemed' ORDER BY token),
                               (SELECT coalesce(sum(o.quantity), 0) FROM orders o WHERE o.sku_id = s.id),
                               s.max_per_buyer
                          FROM skus s WHERE s.id = ? AND s.strategy = ?
                        """,
                        row -> new TokenStates(
                                skuId,
                                row.getInt(1),
                                integers(row.getArray(2)),
                                integers(row.getArray(3)),
                                integers(row.getArray(4)),
                                row.getLong(5),
                                BuyerUnits.limit(row, 6)),
                        now,
                        now,
                        skuId,
                        TokenSale.NAME));
    }

    @Override
    public List<String> skus() {
        return transactions.required(connection -> Sql.on(connection)
                .query("SELECT id FROM skus WHERE strategy = ? ORDER BY id", row -> row.getString(1), TokenSale.NAME));
    }

    /** Ends every claim expired by {@code now} ({@link #end}: tokens freed, units given back, the return published). */
    @Override
    public int sweep(Instant now) {
        return run(sql -> Transactions.commit(end(sql, "expired", now, "expires_at <= ?", now)));
    }

    @Override
    public void returned(String skuId) {
        transactions.required(connection -> {
            PgStockReturnFeed.publish(Sql.on(connection), skuId);
            return null;
        });
    }

    /** A claim row: the claim, its state and, once redeemed, its order. */
    private record Recorded(TokenClaim claim, String state, UUID orderId) {}

    private static Optional<Recorded> lockClaim(Sql sql, UUID claimId) throws SQLException {
        return sql.queryFirst(
                "SELECT " + CLAIM_COLUMNS + " FROM token_claims WHERE id = ? FOR UPDATE",
                JdbcTokenLedger::recorded,
                claimId);
    }

    private static Recorded recorded(ResultSet row) throws SQLException {
        TokenClaim claim = new TokenClaim(
                row.getObject(1, UUID.class),
                row.getString(2),
                row.getString(3),
                integers(row.getArray(4)),
                row.getTimestamp(5).toInstant());
        return new Recorded(claim, row.getString(6), row.getObject(7, UUID.class));
    }

    private static Order order(Sql sql, UUID orderId) throws SQLException {
        return sql.queryOne(
                "SELECT id, sku_id, buyer_id, quantity, created_at FROM orders WHERE id = ?",
                row -> new Order(
                        row.getObject(1, UUID.class),
                        row.getString(2),
                        row.getString(3),
                        row.getInt(4),
                        row.getTimestamp(5).toInstant()),
                orderId);
    }

    /** The SKU's per-buyer limit (empty inside: none); empty if no SKU sold by tokens has this id. */
    private static Optional<OptionalInt> limit(Sql sql, String skuId) throws SQLException {
        return sql.queryFirst(
                "SELECT max_per_buyer FROM skus WHERE id = ? AND strategy = ?",
                row -> BuyerUnits.limit(row, 1),
                skuId,
                TokenSale.NAME);
    }

    private static Array uuids(Sql sql, List<UUID> values) throws SQLException {
        return sql.connection().createArrayOf("uuid", values.toArray());
    }

    private static Array integers(Sql sql, List<Integer> values) throws SQLException {
        return sql.connection().createArrayOf("integer", values.toArray());
    }

    private static List<Integer> integers(Array array) throws SQLException {
        return Arrays.asList((Integer[]) array.getArray());
    }

    /** Runs one transaction, retrying lost races (deadlocks); any other transient fault: the store is unavailable. */
    private <T> T run(Decision<T> work) {
        try {
            return transactions.retrying(retry, Retried.LOST_RACES, work, reason -> {
                throw new StoreUnavailableException("token ledger busy: " + reason, null);
            });
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }
}
