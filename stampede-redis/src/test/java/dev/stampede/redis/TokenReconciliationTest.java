package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.KnownSoldOut;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.token.PoolDrift;
import dev.stampede.core.sale.token.TokenAudit;
import dev.stampede.core.sale.token.TokenStates;
import dev.stampede.jdbc.sale.ListeningInstances;
import dev.stampede.testkit.SaleFuzz;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drift injected into the Redis copy of a {@code tokens} pool (issue 13, item 4): the audit reports it, the reconciler
 * repairs it from the ledger and counts it, and meanwhile the ledger refuses what Redis hands out wrongly.
 */
class TokenReconciliationTest {

    private final TokenFixture fixture = TokenFixture.on(TestRedis.connection(), Clock.systemUTC());
    private final RedisCommands<String, String> redis = TestRedis.connection().sync();

    @Test
    void theReconcilerRepairsInjectedDriftFromTheLedgerAndTheAuditSaysSo() {
        String sku = fixture.newSku(10);
        buy(sku, "early-1");
        buy(sku, "early-2");
        TokenStates states =
                fixture.ledger().states(sku, Clock.systemUTC().instant()).orElseThrow();
        int redeemed = states.redeemed().getFirst();
        int free = states.free().getFirst();
        redis.sadd(freeKey(sku, redeemed), String.valueOf(redeemed));
        redis.srem(freeKey(sku, free), String.valueOf(free));

        TokenAudit drifted = fixture.tokenAudit(sku);
        PoolDrift repaired = fixture.reconciler().reconcile(sku);
        TokenAudit after = fixture.tokenAudit(sku);

        assertThat(drifted.drift()).contains(new PoolDrift(1, 1, 0));
        assertThat(drifted.violations()).singleElement().asString().contains("1 stray free, 1 lost");
        assertThat(repaired).isEqualTo(new PoolDrift(1, 1, 0));
        assertThat(after.violations()).isEmpty();
        assertThat(after.drift()).contains(PoolDrift.NONE);
        assertThat(after.repaired()).isEqualTo(2);
        SaleFuzz.Outcome rest = SaleFuzz.run(fixture.sale(), 8, 20, i -> PurchaseRequest.of(sku, "late-" + i, 1));
        assertThat(rest.of(Purchased.class)).hasSize(8);
        assertThat(rest.of(SoldOut.class)).hasSize(12);
        assertThat(fixture.audit(sku).violations()).isEmpty();
        assertThat(fixture.audit(sku).unitsInOrders()).isEqualTo(10);
    }

    /**
     * Issue 13, item 7: Redis lost the last free token, so an instance answered sold out and remembers it; the repair
     * that puts the token back tells every instance, and it sells again.
     */
    @Test
    void tokensTheReconcilerPutsBackReachTheSoldOutMemory() {
        String sku = fixture.newSku(2);
        buy(sku, "first");
        int free = fixture.ledger()
                .states(sku, Clock.systemUTC().instant())
                .orElseThrow()
                .free()
                .getFirst();
        redis.srem(freeKey(sku, free), String.valueOf(free));
        try (ListeningInstances instances = new ListeningInstances()) {
            KnownSoldOut instance = instances.of(fixture.sale());
            assertThat(instance.purchase(PurchaseRequest.of(sku, "told-sold-out", 1)))
                    .isEqualTo(new SoldOut(0));
            assertThat(instance.isKnownSoldOut(sku)).isTrue();

            assertThat(fixture.reconciler().reconcile(sku)).isEqualTo(new PoolDrift(0, 1, 0));

            await().atMost(Duration.ofSeconds(30)).until(() -> !instance.isKnownSoldOut(sku));
            assertThat(instance.purchase(PurchaseRequest.of(sku, "sold-again", 1)))
                    .isInstanceOf(Purchased.class);
        }
        assertThat(fixture.audit(sku).violations()).isEmpty();
        assertThat(fixture.audit(sku).unitsInOrders()).isEqualTo(2);
    }

    @Test
    void theLedgerRefusesATokenRedisHandsOutAgainAndTheBuyerGetsAFreeOne() {
        String sku = fixture.newSku(2);
        Purchased first = buy(sku, "first");
        TokenStates states =
                fixture.ledger().states(sku, Clock.systemUTC().instant()).orElseThrow();
        int sold = states.redeemed().getFirst();
        int free = states.free().getFirst();
        redis.srem(freeKey(sku, free), String.valueOf(free));
        redis.sadd(freeKey(sku, sold), String.valueOf(sold));

        Purchased second = buy(sku, "second");

        assertThat(second.order().id()).isNotEqualTo(first.order().id());
        TokenAudit audit = fixture.tokenAudit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.redeemed()).isEqualTo(2);
        // the stray token left Redis with the refused claim; the repair put back the one that was lost
        assertThat(audit.repaired()).isEqualTo(1);
        assertThat(audit.drift()).contains(PoolDrift.NONE);
        assertThat(fixture.sale().purchase(PurchaseRequest.of(sku, "third", 1))).isEqualTo(new SoldOut(0));
    }

    @Test
    void aRedisFlushedEmptyIsCopiedAgainFromTheLedgerBeforeTheNextClaim() {
        String sku = fixture.newSku(5);
        buy(sku, "before-1");
        buy(sku, "before-2");
        List<String> keys = redis.keys(fixture.prefix() + "*");
        redis.del(keys.toArray(String[]::new));

        SaleFuzz.Outcome after = SaleFuzz.run(fixture.sale(), 8, 8, i -> PurchaseRequest.of(sku, "after-" + i, 1));

        assertThat(after.of(Purchased.class)).hasSize(3);
        assertThat(after.of(SoldOut.class)).hasSize(5);
        assertThat(fixture.tokenAudit(sku).violations()).isEmpty();
        assertThat(fixture.audit(sku).unitsInOrders()).isEqualTo(5);
    }

    private Purchased buy(String sku, String buyer) {
        return (Purchased) fixture.sale().purchase(PurchaseRequest.of(sku, buyer, 1));
    }

    private String freeKey(String sku, int token) {
        return fixture.prefix() + "tokens:{" + sku + "}:free:" + token % TokenFixture.PARTITIONS;
    }
}
