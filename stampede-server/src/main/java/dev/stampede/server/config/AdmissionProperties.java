package dev.stampede.server.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.admission.*}: admission control, a concurrency limit per write endpoint with a
 * bounded wait for a permit (Netflix concurrency-limits; see {@link dev.stampede.server.admission.AdmissionControl}
 * and {@link AdmissionLimiters}). Bad values stop the start-up with a message naming the setting.
 *
 * @param enabled whether write requests pass admission control at all (off by default)
 * @param initialLimit each adaptive (Gradient2) partition's limit at start-up: its write requests in flight at once
 * @param minLimit the lowest an adaptive limit may go, at least 1
 * @param maxLimit the highest an adaptive limit may go, at least {@code initialLimit}
 * @param purchaseLimit the fixed limit of the {@code purchases} partition: purchases in flight at once on this instance,
 *     1–10000. Purchases are not limited adaptively: the strategies already admit them per SKU (turns, the group
 *     commit's queue), so their latency in a burst is that queue, which Gradient2 reads as overload
 * @param maxWait the longest a write over its partition's limit waits for a permit (newest first) before it is shed,
 *     0–60 s; 0 sheds it at once. No admitted write waited longer than this for admission
 * @param backlog the most writes of one partition waiting for a permit at once, 0–100000; one more is shed at once. It
 *     also bounds the shedders' work when a storm's waiters expire together: in a flash sale on 2 cores, a backlog of
 *     20,000 left most shed writes waiting 1.1–2 s for a 1 s {@code maxWait}, 2,000 up to 1.5 s, 512 none past 1.1 s
 *     (docs/performance.md, "Admission control, measured with its own meters")
 */
@ConfigurationProperties("stampede.admission")
public record AdmissionProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("20") int initialLimit,
        @DefaultValue("4") int minLimit,
        @DefaultValue("200") int maxLimit,
        @DefaultValue("256") int purchaseLimit,
        @DefaultValue("1s") Duration maxWait,
        @DefaultValue("512") int backlog) {

    private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

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
        if (purchaseLimit < 1 || purchaseLimit > 10_000) {
            throw new IllegalArgumentException(
                    "stampede.admission.purchase-limit must be between 1 and 10000, was " + purchaseLimit);
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(LONGEST_WAIT) > 0) {
            throw new IllegalArgumentException("stampede.admission.max-wait must be between 0 and 60s, was " + maxWait);
        }
        if (backlog < 0 || backlog > 100_000) {
            throw new IllegalArgumentException(
                    "stampede.admission.backlog must be between 0 and 100000, was " + backlog);
        }
    }
}
