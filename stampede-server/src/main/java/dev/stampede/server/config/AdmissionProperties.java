package dev.stampede.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.admission.*}: admission control, an adaptive concurrency limit per write endpoint
 * (Netflix concurrency-limits' Gradient2; see {@link dev.stampede.server.admission.AdmissionControl}). Bad values stop
 * the start-up with a message naming the setting.
 *
 * @param enabled whether write requests pass admission control at all (off by default)
 * @param initialLimit each partition's limit at start-up: its write requests in flight at once
 * @param minLimit the lowest the limit may adapt to, at least 1
 * @param maxLimit the highest the limit may adapt to, at least {@code initialLimit}
 */
@ConfigurationProperties("stampede.admission")
public record AdmissionProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("20") int initialLimit,
        @DefaultValue("4") int minLimit,
        @DefaultValue("200") int maxLimit) {

    public AdmissionProperties {
        if (minLimit < 1 || minLimit > 10_000) {
            throw new IllegalArgumentException(
                    "stampede.admission.min-limit must be between 1 and 10000, was " + minLimit);
        }
        if (initialLimit < minLimit || initialLimit > 10_000) {
            throw new IllegalArgumentException("stampede.admission.initial-limit must be between min-limit (" + minLimit
                    + ") and 10000, was " + initialLimit);
        }
        if (maxLimit < initialLimit || maxLimit > 10_000) {
            throw new IllegalArgumentException("stampede.admission.max-limit must be between initial-limit ("
                    + initialLimit + ") and 10000, was " + maxLimit);
        }
    }
}
