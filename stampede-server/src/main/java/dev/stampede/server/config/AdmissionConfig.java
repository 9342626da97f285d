package dev.stampede.server.config;

import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.stampede.server.admission.AdmissionControl;
import dev.stampede.server.web.ProblemException;
import dev.stampede.server.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Wires admission control when {@code stampede.admission.enabled=true}: one Gradient2 limiter per write endpoint, the
 * filter registered by URL pattern on {@code /api/*} (so it stands in front of any servlet serving the API), and the
 * meter {@code stampede.admission.sheds{partition}}, which exists only while admission control is on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("stampede.admission.enabled")
class AdmissionConfig {

    @Bean
    FilterRegistrationBean<AdmissionControl> admissionControl(
            AdmissionProperties properties,
            MeterRegistry meters,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        MeterProvider<Counter> sheds = Counter.builder("stampede.admission.sheds")
                .description("Write requests admission control answered 503 busy at once, by endpoint partition")
                .withRegistry(meters);
        sheds.withTag("partition", "purchases");
        AdmissionControl filter = new AdmissionControl(
                partition -> SimpleLimiter.newBuilder()
                        .named(partition)
                        .limit(Gradient2Limit.newBuilder()
                                .initialLimit(properties.initialLimit())
                                .minLimit(properties.minLimit())
                                .maxConcurrency(properties.maxLimit())
                                .build())
                        .build(),
                (partition, request, response) -> {
                    sheds.withTag("partition", partition).increment();
                    ProblemException busy = new ProblemException(
                            Problems.BUSY,
                            "The service is at its concurrency limit for " + partition
                                    + "; nothing was done. Try again after Retry-After.");
                    if (problems.resolveException(request, response, null, busy) == null) {
                        throw busy;
                    }
                });
        FilterRegistrationBean<AdmissionControl> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        // After the header and body checks (HIGHEST_PRECEDENCE), before everything else.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
