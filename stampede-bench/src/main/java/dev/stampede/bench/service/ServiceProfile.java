package dev.stampede.bench.service;

import java.util.List;

/** Named sets of service settings ({@code name=value}) that a bench gives its local service instances. */
public enum ServiceProfile {

    /**
     * Every client waits for a definite answer instead of a 503, as the seeds' clients did (seed 000's buyers waited up
     * to 35 s): up to 100 s for a pooled connection, 60 s for a purchase's row lock or lease (its turn keeps the default 80 s), 280 s for a
     * transfer, its lock waits and retries together (backoff capped at 1 s); up to 200 optimistic purchase attempts.
     */
    PATIENT(List.of(
            "stampede.db.connection-timeout=100s",
            "stampede.strategies.lock-timeout=60s",
            "stampede.lock.max-wait=60s",
            // a one-call tokens purchase's claim must outlast the longest wait for its redemption's connection
            "stampede.tokens.purchase-ttl=5m",
            "stampede.strategies.optimistic-max-attempts=200",
            "stampede.transfers.max-wait=280s",
            "stampede.transfers.max-delay=1s"));

    private final List<String> properties;

    ServiceProfile(List<String> properties) {
        this.properties = properties;
    }

    /** The settings, as {@code name=value}, in the form {@link LocalTargets} takes them. */
    public List<String> properties() {
        return properties;
    }
}
