package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.token.Grant;
import dev.stampede.core.sale.token.PoolDrift;
import dev.stampede.core.sale.token.Release;
import dev.stampede.core.sale.token.TokenClaim;
import java.time.Clock;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 6, on the Redis pool: a SKU with a per-buyer limit has its claims decided by the ledger (tokens and
 * the buyer's units in one transaction) and held in Redis afterwards, so Redis never disagrees with the ledger and a
 * refused claim never holds tokens.
 */
class RedisTokenPoolBuyerLimitTest {

    private final TokenFixture fixture = TokenFixture.on(TestRedis.connection(), Clock.systemUTC());

    @Test
    void aLimitedSkusClaimsAreDecidedByTheLedgerAndHeldInRedisWithoutDrift() {
        String sku = fixture.newSku(3, OptionalInt.of(2));
        TokenClaim first = granted(fixture.sale().claim(sku, "ann", 2));

        assertThat(fixture.sale().claim(sku, "ann", 1)).isEqualTo(new Grant.OverBuyerLimit(2, 2));
        assertThat(fixture.tokenAudit(sku).drift()).contains(PoolDrift.NONE);
        assertThat(fixture.tokenAudit(sku).claimed()).isEqualTo(2);
        assertThat(fixture.sale().claim(sku, "bob", 2)).isEqualTo(new Grant.Short(1));

        assertThat(fixture.sale().release(first.id()))
                .isInstanceOfSatisfying(
                        Release.Freed.class, freed -> assertThat(freed.now()).isTrue());
        TokenClaim again = granted(fixture.sale().claim(sku, "ann", 2));

        assertThat(again.tokens()).hasSize(2);
        assertThat(fixture.tokenAudit(sku).drift()).contains(PoolDrift.NONE);
        assertThat(fixture.tokenAudit(sku).violations()).isEmpty();
    }

    private static TokenClaim granted(Grant grant) {
        assertThat(grant).isInstanceOf(Grant.Granted.class);
        return ((Grant.Granted) grant).claim();
    }
}
