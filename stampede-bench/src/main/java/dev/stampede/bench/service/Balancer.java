package dev.stampede.bench.service;

/** What stands between the bench and several local instances ({@code --balancer}). */
public enum Balancer {

    /** Nothing: the bench spreads its virtual users over the instances itself, round-robin. */
    NONE,

    /**
     * Debian's HAProxy on loopback ({@link dev.stampede.devservers.LocalHaproxy}): least connections, keep-alive,
     * health checks on {@code /actuator/health/readiness}; the bench drives the balancer's one address.
     */
    HAPROXY
}
