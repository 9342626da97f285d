package dev.stampede.server.http;

import dev.stampede.server.web.Problems;
import java.time.Duration;

/**
 * What {@link GuardedHttp11NioProtocol} enforces, how it answers, and when it gives back what an idle connector does
 * not need.
 *
 * @param maxConnectionsPerAddress the open connections one client address may have; one more is refused when accepted
 * @param headerTimeout the most time from a request's first byte to the end of its headers; zero: no limit
 * @param idleReleaseAfter the period over which the connector is found busy (more than {@link #QUIET_CONNECTIONS}
 *     connections open at once) or quiet; the first quiet period after a busy one releases the caches and the heap a
 *     burst left; zero: never
 * @param tooManyConnections the answer to a connection over the cap (503 {@code busy}, {@code Retry-After: 1})
 * @param requestTimeout the answer to a request whose headers did not arrive in time (408 {@code request-timeout})
 * @param counts where refusals are counted
 */
record ConnectorPolicy(
        int maxConnectionsPerAddress,
        Duration headerTimeout,
        Duration idleReleaseAfter,
        CannedAnswer tooManyConnections,
        CannedAnswer requestTimeout,
        GuardMetrics counts) {

    /**
     * Open connections that count as quiet: as many request processors as Tomcat caches by default. The service caches
     * up to {@code server.tomcat.processor-cache} (20,000: a flash sale's connections) while it is busier.
     */
    static final int QUIET_CONNECTIONS = 200;

    /** No cap, no deadline, no release: the protocol behaves as Tomcat's until it is configured. */
    static final ConnectorPolicy NONE = of(Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO, new GuardMetrics());

    static ConnectorPolicy of(
            int maxConnectionsPerAddress, Duration headerTimeout, Duration idleReleaseAfter, GuardMetrics counts) {
        return new ConnectorPolicy(
                maxConnectionsPerAddress,
                headerTimeout,
                idleReleaseAfter,
                CannedAnswer.of(
                        Problems.BUSY,
                        "This client address has " + maxConnectionsPerAddress
                                + " connections open, the most the server accepts; reuse one, or try again shortly."),
                CannedAnswer.of(
                        Problems.REQUEST_TIMEOUT,
                        "The request line and headers did not arrive within " + headerTimeout.toMillis()
                                + " ms; send the request again, in one go."),
                counts);
    }

    /**
     * How often the headers' deadline is checked: a quarter of it, from 50 ms to 2.5 s (each check copies the set of open
     * connections: 15,000 of them during a flash sale).
     */
    Duration sweepPeriod() {
        long quarter = headerTimeout.toMillis() / 4;
        return Duration.ofMillis(Math.clamp(quarter, 50, 2500));
    }
}
