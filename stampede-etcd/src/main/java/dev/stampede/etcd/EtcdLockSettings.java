package dev.stampede.etcd;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * How {@link EtcdLeaseLock} reaches etcd.
 *
 * @param endpoints the members' client URLs ({@code http://host:port}); give several, so that a dead member is skipped
 * @param keyPrefix the prefix of every key the lock writes, for example {@code stampede/locks/}
 * @param answerTimeout how long etcd may take to answer one step, beyond an acquirer's {@code maxWait}: the bound on
 *     how late {@link EtcdLeaseLock} reports that etcd cannot decide
 */
public record EtcdLockSettings(List<String> endpoints, String keyPrefix, Duration answerTimeout) {

    public static final String DEFAULT_KEY_PREFIX = "stampede/locks/";
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(3);

    public EtcdLockSettings {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new IllegalArgumentException("etcd endpoints: give at least one client URL (http://host:port)");
        }
        endpoints = List.copyOf(endpoints);
        for (String endpoint : endpoints) {
            if (!isHttpHostAndPort(endpoint)) {
                throw new IllegalArgumentException("etcd endpoints: " + endpoint + " is not http://host:port");
            }
        }
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("etcd key prefix: must not be empty");
        }
        if (answerTimeout == null || answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("etcd answer timeout: must be positive, was " + answerTimeout);
        }
    }

    private static boolean isHttpHostAndPort(String endpoint) {
        if (endpoint == null) {
            return false;
        }
        try {
            URI uri = new URI(endpoint);
            return "http".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The given endpoints with the default prefix and answer timeout. */
    public static EtcdLockSettings of(List<String> endpoints) {
        return new EtcdLockSettings(endpoints, DEFAULT_KEY_PREFIX, DEFAULT_ANSWER_TIMEOUT);
    }
}
