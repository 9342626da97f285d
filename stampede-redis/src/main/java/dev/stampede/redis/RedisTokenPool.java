package dev.stampede.redis;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.token.ClaimRequest;
import dev.stampede.core.sale.token.Grant;
import dev.stampede.core.sale.token.PoolDrift;
import dev.stampede.core.sale.token.TokenClaim;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenPool;
import dev.stampede.core.sale.token.TokenStates;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tokens} pool in Redis ({@link TokenScripts}): a SKU's free tokens in one set per partition, and a claim is
 * one Lua script that returns the tokens of expired claims, then pops the quantity from a random partition, falling
 * over to the next while one is empty. Every claim is then recorded in the {@link TokenLedger} (PostgreSQL), which
 * accepts it only if every token is free there: the ledger decides when the two disagree ({@link Grant.Disagreed}),
 * and the {@link dev.stampede.core.sale.token.TokenReconciler} repairs Redis from it.
 *
 * <p>The pool is copied from the ledger the first time a SKU is claimed, and again whenever Redis comes back empty
 * (a restart, a flush). While Redis is unreachable every claim throws {@link StoreUnavailableException}: nothing is
 * sold (503), rather than sold twice (seed 003: "token service partition -> decide whether to stop sales (safety)").
 * A claim that Redis granted but the ledger never recorded (the service died between the two steps, PostgreSQL
 * failed) holds its tokens in Redis until it expires; no buyer was answered for it.
 *
 * <p>A SKU with a per-buyer limit is claimed the other way round ({@link #claimedByLedger}): the ledger decides, Redis
 * follows. The limit's decisive step is the ledger's conditional upsert either way.
 */
public final class RedisTokenPool implements TokenPool {

    private static final Logger log = LoggerFactory.getLogger(RedisTokenPool.class);

    private final LuaScripts scripts;
    private final String keyPrefix;
    private final TokenLedger ledger;
    private final Clock clock;
    private final int partitions;

    /**
     * @param keyPrefix prepended to every key
     * @param partitions the free sets per SKU (at least 1); changing it requires an empty Redis
     * @param clock the service's clock: expiry is decided against it, in Redis as in the ledger
     */
    public RedisTokenPool(
            RedisClusterCommands<String, String> redis,
            String keyPrefix,
            TokenLedger ledger,
            Clock clock,
            int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.scripts = new LuaScripts(redis);
        this.keyPrefix = keyPrefix;
        this.ledger = ledger;
        this.clock = clock;
        this.partitions = partitions;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Grant claim(ClaimRequest request) {
        List<Long> answer = claimInRedis(request);
        if (answer.getFirst() == -1) {
            if (!load(request.skuId())) {
                return new Grant.UnknownSku(request.skuId());
            }
            answer = claimInRedis(request);
        }
        if (answer.getFirst() == -1) {
            throw new StoreUnavailableException("the token pool of " + request.skuId() + " was emptied again", null);
        }
        if (answer.getFirst() == -2) {
            return claimedByLedger(request);
        }
        if (answer.getFirst() == 0) {
            return new Grant.Short(answer.get(1).intValue());
        }
        List<Integer> tokens =
                answer.subList(1, answer.size()).stream().map(Long::intValue).toList();
        return record(request, tokens);
    }

    private List<Long> claimInRedis(ClaimRequest request) {
        return redis(() -> scripts.run(
                TokenScripts.CLAIM,
                ScriptOutputType.MULTI,
                keys(request.skuId()),
                request.claimId().toString(),
                String.valueOf(request.quantity()),
                String.valueOf(request.now().toEpochMilli()),
                String.valueOf(request.expiresAt().toEpochMilli()),
                String.valueOf(ThreadLocalRandom.current().nextInt(partitions))));
    }

    /** The second step: the ledger records the claim, or refuses it; Redis forgets a claim the ledger refused. */
    private Grant record(ClaimRequest request, List<Integer> tokens) {
        TokenClaim claim = request.granted(tokens);
        Grant recorded;
        try {
            recorded = ledger.record(request, tokens);
        } catch (OutcomeUnknownException e) {
            throw e; // the ledger may hold the claim: Redis keeps it until it expires
        } catch (StoreUnavailableException e) {
            released(claim); // nothing was recorded: the tokens may go back at once
            throw e;
        }
        if (!(recorded instanceof Grant.Granted)) {
            forget(claim);
        }
        return recorded;
    }

    /**
     * A SKU with a per-buyer limit: the ledger picks the tokens and takes the buyer's units in one transaction
     * ({@link TokenLedger#claimFree}), then Redis holds the claim as if it had granted it. Were Redis to pop first, every
     * claim the ledger then refused for the limit would hold its tokens meanwhile, and other buyers would be told sold
     * out while units were left. If Redis fails after the ledger granted, the claim stands (the reconciler takes its
     * tokens out of Redis's free sets).
     */
    private Grant claimedByLedger(ClaimRequest request) {
        Grant grant = ledger.claimFree(request);
        if (grant instanceof Grant.Granted(TokenClaim claim)) {
            afterLedger(
                    "hold",
                    TokenScripts.CLAIMED,
                    claim,
                    csv(claim.tokens()),
                    String.valueOf(claim.expiresAt().toEpochMilli()),
                    String.valueOf(request.now().toEpochMilli()));
        }
        return grant;
    }

    /** Copies the SKU's pool from the ledger; false if the ledger has no such SKU sold by tokens. */
    private boolean load(String skuId) {
        Optional<TokenStates> states = ledger.states(skuId, clock.instant());
        states.ifPresent(found -> {
            long loaded = redis(() -> scripts.run(
                    TokenScripts.LOAD,
                    ScriptOutputType.INTEGER,
                    keys(skuId),
                    csv(found.free()),
                    csv(found.redeemed()),
                    found.maxPerBuyer().isPresent() ? TokenScripts.LIMITED : "1"));
            if (loaded == 1) {
                log.info(
                        "token pool of {} copied from the ledger: {} free, {} held, {} redeemed",
                        skuId,
                        found.free().size(),
                        found.held().size(),
                        found.redeemed().size());
            }
        });
        return states.isPresent();
    }

    @Override
    public void redeemed(TokenClaim claim) {
        afterLedger("mark redeemed", TokenScripts.REDEEMED, claim, csv(claim.tokens()));
    }

    @Override
    public void released(TokenClaim claim) {
        afterLedger("release", TokenScripts.RELEASED, claim);
    }

    /** Drops a claim the ledger refused, without returning its tokens: the reconciler puts back those that are free. */
    private void forget(TokenClaim claim) {
        afterLedger("forget", TokenScripts.REDEEMED, claim, "");
    }

    /**
     * Runs a step that follows the ledger's (the claim id first among its arguments); if Redis fails it, the claim's
     * expiry or the reconciler sets Redis right.
     */
    private void afterLedger(String step, String script, TokenClaim claim, String... more) {
        String[] args = new String[more.length + 1];
        args[0] = claim.id().toString();
        System.arraycopy(more, 0, args, 1, more.length);
        try {
            scripts.run(script, ScriptOutputType.INTEGER, keys(claim.skuId()), args);
        } catch (RedisException e) {
            log.warn(
                    "token pool: could not {} claim {} in Redis; the reconciler repairs it: {}",
                    step,
                    claim.id(),
                    e.getMessage());
        }
    }

    @Override
    public Optional<PoolDrift> check(String skuId) {
        return Optional.of(compare(skuId, "check"));
    }

    @Override
    public PoolDrift reconcile(String skuId) {
        return compare(skuId, "repair");
    }

    private PoolDrift compare(String skuId, String mode) {
        Optional<TokenStates> read = ledger.states(skuId, clock.instant());
        if (read.isEmpty()) {
            return PoolDrift.NONE;
        }
        TokenStates states = read.get();
        List<Long> counts = redis(() -> scripts.run(
                TokenScripts.RECONCILE,
                ScriptOutputType.MULTI,
                keys(skuId),
                mode,
                String.valueOf(clock.instant().toEpochMilli()),
                csv(states.free()),
                csv(states.held()),
                csv(states.redeemed())));
        return new PoolDrift(
                counts.get(0).intValue(),
                counts.get(1).intValue(),
                counts.get(2).intValue());
    }

    /** loaded, claims, claimed, redeemed, then the free set of each partition; one hash tag per SKU. */
    List<String> keys(String skuId) {
        String base = keyPrefix + "tokens:{" + skuId + "}:";
        List<String> keys = new ArrayList<>(4 + partitions);
        keys.add(base + "loaded");
        keys.add(base + "claims");
        keys.add(base + "claimed");
        keys.add(base + "redeemed");
        IntStream.range(0, partitions).forEach(part -> keys.add(base + "free:" + part));
        return keys;
    }

    private static String csv(List<Integer> tokens) {
        return tokens.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static <T> T redis(Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisException e) {
            throw new StoreUnavailableException("redis unavailable: " + e.getMessage(), e);
        }
    }
}
