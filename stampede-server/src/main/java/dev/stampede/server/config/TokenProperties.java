package dev.stampede.server.config;

import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.tokens.*}: the {@code tokens} purchase strategy. Bad values stop the start-up with
 * a message naming the setting.
 *
 * @param pool where claims are decided: {@code redis} (a Lua claim per partition in the service's Redis, every claim
 *     recorded in PostgreSQL) or {@code postgresql} (for a deployment without Redis: {@code FOR UPDATE SKIP LOCKED}
 *     over the token rows)
 * @param partitions how many partitions a SKU's tokens are spread over (token {@code t} in partition {@code t mod n});
 *     keep it for the life of the data: the PostgreSQL rows are minted with it
 * @param claimTtl how long a claim of the two-phase API holds its tokens before they are free again
 * @param purchaseTtl how long the claim of a one-call purchase holds (it is redeemed at once; this bounds how long a
 *     crash between the steps keeps its units)
 * @param reconcileInterval how often the reconciler repairs the Redis pool from PostgreSQL
 * @param sweepInterval how often expired claims are ended in PostgreSQL (their counted units given back, their return
 *     published to every instance's sold-out memory); the sale's correctness never depends on it, but an instance that
 *     answered sold out learns of an expired claim only then (or at the next claim or release of its tokens)
 */
@ConfigurationProperties("stampede.tokens")
public record TokenProperties(
        @DefaultValue("redis") String pool,
        @DefaultValue("16") int partitions,
        @DefaultValue("5m") Duration claimTtl,
        @DefaultValue("30s") Duration purchaseTtl,
        @DefaultValue("10s") Duration reconcileInterval,
        @DefaultValue("30s") Duration sweepInterval) {

    public TokenProperties {
        pool = pool.toLowerCase(Locale.ROOT);
        if (!pool.equals("redis") && !pool.equals("postgresql")) {
            throw new IllegalArgumentException("stampede.tokens.pool must be redis or postgresql, was " + pool);
        }
        if (partitions < 1 || partitions > 1024) {
            throw new IllegalArgumentException("stampede.tokens.partitions must be from 1 to 1024, was " + partitions);
        }
        requireBetween("claim-ttl", claimTtl, Duration.ofSeconds(1), Duration.ofDays(1));
        requireBetween("purchase-ttl", purchaseTtl, Duration.ofSeconds(1), Duration.ofHours(1));
        requireBetween("reconcile-interval", reconcileInterval, Duration.ofMillis(100), Duration.ofHours(1));
        requireBetween("sweep-interval", sweepInterval, Duration.ofMillis(100), Duration.ofHours(1));
    }

    public boolean redis() {
        return pool.equals("redis");
    }

    private static void requireBetween(String name, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    "stampede.tokens.%s must be from %s to %s, was %s".formatted(name, min, max, value));
        }
    }
}
