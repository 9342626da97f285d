package dev.stampede.server.sale;

import dev.stampede.core.sale.token.PoolDrift;
import dev.stampede.core.sale.token.TokenReconciler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of the {@code tokens} strategy: {@code stampede_tokens_repaired_total{pool, drift}}, the tokens the
 * reconciler repaired in the pool's copy ({@code drift}: {@code stray-free}, {@code lost}, {@code unmarked-redeemed};
 * see {@link PoolDrift}). Every series exists from the start.
 */
public final class TokenMetrics implements TokenReconciler.RepairListener {

    private final Counter strayFree;
    private final Counter lost;
    private final Counter unmarkedRedeemed;

    public TokenMetrics(MeterRegistry meters, String pool) {
        this.strayFree = counter(meters, pool, "stray-free");
        this.lost = counter(meters, pool, "lost");
        this.unmarkedRedeemed = counter(meters, pool, "unmarked-redeemed");
    }

    @Override
    public void repaired(String pool, PoolDrift repaired) {
        strayFree.increment(repaired.strayFree());
        lost.increment(repaired.lost());
        unmarkedRedeemed.increment(repaired.unmarkedRedeemed());
    }

    private static Counter counter(MeterRegistry meters, String pool, String drift) {
        return Counter.builder("stampede.tokens.repaired")
                .description("Tokens the reconciler repaired in the pool's copy, from the durable record")
                .tag("pool", pool)
                .tag("drift", drift)
                .register(meters);
    }
}
