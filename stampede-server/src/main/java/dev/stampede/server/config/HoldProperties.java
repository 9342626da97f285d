package dev.stampede.server.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.holds.*}. Bad values stop the start-up with a message naming the setting.
 *
 * @param defaultTtl how long a hold lasts when the request names no {@code ttlSeconds}
 * @param maxTtl the longest hold a request may ask for
 * @param sweepInterval how often expired holds are swept (correctness never depends on it)
 * @param maxSeats the most seats a show may have
 */
@ConfigurationProperties("stampede.holds")
public record HoldProperties(
        @DefaultValue("120s") Duration defaultTtl,
        @DefaultValue("15m") Duration maxTtl,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("10000") int maxSeats) {

    public HoldProperties {
        if (maxTtl.compareTo(Duration.ofSeconds(1)) < 0 || maxTtl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("stampede.holds.max-ttl must be from 1s to 1d, was " + maxTtl);
        }
        if (defaultTtl.compareTo(Duration.ofSeconds(1)) < 0 || defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("stampede.holds.default-ttl must be from 1s to stampede.holds.max-ttl ("
                    + maxTtl + "), was " + defaultTtl);
        }
        if (sweepInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "stampede.holds.sweep-interval must be at least 10ms, was " + sweepInterval);
        }
        if (maxSeats < 1 || maxSeats > 100_000) {
            throw new IllegalArgumentException("stampede.holds.max-seats must be from 1 to 100000, was " + maxSeats);
        }
    }
}
