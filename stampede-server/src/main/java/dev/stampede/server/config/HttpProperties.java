package dev.stampede.server.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.http.*}: the guards against connections that never finish a request. Tomcat's own
 * settings ({@code server.tomcat.*}) stay where Spring Boot has them. Bad values stop the start-up with a message naming
 * the setting.
 *
 * @param headerTimeout the most time from a request's first byte to the end of its headers; later: 408
 * @param bodyTimeout the most time from the end of a request's headers to the last byte of its body; later: 408
 * @param maxConnectionsPerAddress the open connections one client address may have; one more is answered 503 and
 *     closed
 * @param idleReleaseAfter how long the service must have been quiet (at most 200 connections open) after a busier
 *     period before it gives back the memory the burst of connections left behind: Tomcat's cached request processors
 *     and socket buffers, then the heap (one full collection)
 */
@ConfigurationProperties("stampede.http")
public record HttpProperties(
        @DefaultValue("10s") Duration headerTimeout,
        @DefaultValue("10s") Duration bodyTimeout,
        @DefaultValue("1000") int maxConnectionsPerAddress,
        @DefaultValue("1m") Duration idleReleaseAfter) {

    private static final Duration SHORTEST = Duration.ofMillis(100);
    private static final Duration LONGEST = Duration.ofMinutes(10);

    public HttpProperties {
        requireBetween("stampede.http.header-timeout", headerTimeout);
        requireBetween("stampede.http.body-timeout", bodyTimeout);
        if (idleReleaseAfter.compareTo(Duration.ofSeconds(1)) < 0
                || idleReleaseAfter.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(
                    "stampede.http.idle-release-after must be from 1s to 1d, was " + idleReleaseAfter);
        }
        if (maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > 1_000_000) {
            throw new IllegalArgumentException(
                    "stampede.http.max-connections-per-address must be from 1 to 1000000, was "
                            + maxConnectionsPerAddress);
        }
    }

    private static void requireBetween(String setting, Duration value) {
        if (value.compareTo(SHORTEST) < 0 || value.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(setting + " must be from 100ms to 10m, was " + value);
        }
    }
}
