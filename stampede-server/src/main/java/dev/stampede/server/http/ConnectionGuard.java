package dev.stampede.server.http;

import dev.stampede.server.web.Problems;
import java.time.Duration;

/**
 * What {@link GuardedHttp11NioProtocol} enforces and how it answers.
 *
 * @param maxConnectionsPerAddress the open connections one client address may have; one more is refused when accepted
 * @param headerTimeout the most time from a request's first byte to the end of its headers; zero: no limit
 * @param tooManyConnections the answer to a connection over the cap (503 {@code busy}, {@code Retry-After: 1})
 * @param requestTimeout the answer to a request whose headers did not arrive in time (408 {@code request-timeout})
 * @param counts where refusals are counted
 */
record ConnectionGuard(
        int maxConnectionsPerAddress,
        Duration headerTimeout,
        CannedAnswer tooManyConnections,
        CannedAnswer requestTimeout,
        GuardMetrics counts) {

    /** No cap and no deadline: the protocol behaves as Tomcat's until it is configured. */
    static final ConnectionGuard NONE = of(Integer.MAX_VALUE, Duration.ZERO, new GuardMetrics());

    static ConnectionGuard of(int maxConnectionsPerAddress, Duration headerTimeout, GuardMetrics counts) {
        return new ConnectionGuard(
                maxConnectionsPerAddress,
                headerTimeout,
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

    /** How often the headers' deadline is checked: a quarter of it, from 50 ms to 1 s. */
    Duration sweepPeriod() {
        long quarter = headerTimeout.toMillis() / 4;
        return Duration.ofMillis(Math.clamp(quarter, 50, 1000));
    }
}
