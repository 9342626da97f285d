package dev.stampede.server.config;

import dev.stampede.server.admission.AdmissionControl;
import dev.stampede.server.admission.AdmissionShedder;
import dev.stampede.server.admission.PauseCollectorCheck;
import dev.stampede.server.web.DirectJson;
import dev.stampede.server.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Wires admission control when {@code stampede.admission.enabled=true}: one limiter per write endpoint ({@link
 * AdmissionLimiters}), the
 * filter registered by URL pattern on {@code /api/*} (so it stands in front of any servlet serving the API), and the
 * meters {@code stampede.admission.sheds{partition}} and {@code stampede.admission.wait{partition,outcome}}, which
 * exist only while admission control is on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("stampede.admission.enabled")
class AdmissionConfig {

    private static final Logger log = LoggerFactory.getLogger(AdmissionConfig.class);

    private static final String ADMITTED = "admitted";
    private static final String SHED = "shed";

    /**
     * The wait meter's bucket bounds: 1, 10 and 100 ms, and {@code maxWait} × 0.5, 1, 1.1, 1.5, 2 and 4 when it is
     * not 0, so that a scrape tells how many writes waited longer than {@code maxWait} and by how much.
     */
    static Duration[] waitBuckets(Duration maxWait) {
        TreeSet<Duration> bounds =
                new TreeSet<>(List.of(Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100)));
        if (!maxWait.isZero()) {
            for (double factor : new double[] {0.5, 1, 1.1, 1.5, 2, 4}) {
                bounds.add(Duration.ofNanos(Math.round(maxWait.toNanos() * factor)));
            }
        }
        return bounds.toArray(Duration[]::new);
    }

    @Bean
    AdmissionControl admissionControl(AdmissionProperties properties, MeterRegistry meters, DirectJson json) {
        MeterProvider<Counter> sheds = Counter.builder("stampede.admission.sheds")
                .description(
                        "Write requests admission control shed (503 busy): over the limit with no permit within max-wait, by endpoint partition")
                .withRegistry(meters);
        sheds.withTag("partition", AdmissionLimiters.PURCHASES);
        MeterProvider<Timer> waits = Timer.builder("stampede.admission.wait")
                .description("How long write requests waited for a permit of their endpoint partition's concurrency"
                        + " limit, by partition and outcome (admitted or shed); buckets around max-wait")
                .serviceLevelObjectives(waitBuckets(properties.maxWait()))
                .withRegistry(meters);
        for (String outcome : List.of(ADMITTED, SHED)) {
            waits.withTags("partition", AdmissionLimiters.PURCHASES, "outcome", outcome);
        }
        return new AdmissionControl(
                partition -> AdmissionLimiters.forPartition(partition, properties),
                properties.maxWait(),
                properties.backlog(),
                (partition, request, response) -> {
                    sheds.withTag("partition", partition).increment();
                    // Straight to the response, not through the exception resolvers: the shedder answers a storm's
                    // expired waiters one after another on one thread, and MVC's machinery cost several times more.
                    // A 503 needs no negotiation (RFC 9110, section 12.1: an error may disregard Accept).
                    json.write(
                            Problems.BUSY.response(
                                    "The service is at its concurrency limit for " + partition
                                            + "; nothing was done. Try again after Retry-After.",
                                    Map.of()),
                            request,
                            response);
                },
                (partition, admitted, nanos) -> waits.withTags(
                                "partition", partition, "outcome", admitted ? ADMITTED : SHED)
                        .record(nanos, TimeUnit.NANOSECONDS),
                (partition, waiting) -> Gauge.builder("stampede.admission.backlog", waiting::getAsInt)
                        .description("Write requests waiting for a permit of their endpoint partition's concurrency"
                                + " limit now, by partition")
                        .tag("partition", partition)
                        .register(meters),
                System::nanoTime);
    }

    @Bean
    FilterRegistrationBean<AdmissionControl> admissionControlRegistration(AdmissionControl filter) {
        FilterRegistrationBean<AdmissionControl> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        // An admitted waiter comes back as an asynchronous dispatch.
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        // After the header and body checks (HIGHEST_PRECEDENCE), before everything else.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean(destroyMethod = "close")
    AdmissionShedder admissionShedder(AdmissionControl filter, AdmissionProperties properties) {
        PauseCollectorCheck.warning(properties.maxWait()).ifPresent(log::warn);
        return new AdmissionShedder(
                filter, properties.maxWait(), Runtime.getRuntime().availableProcessors());
    }
}
