package dev.stampede.server.config;

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
 * Wires admission control when {@code stampede.admission.enabled=true}: one limiter per write endpoint ({@link
 * AdmissionLimiters}), the
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
                .description(
                        "Write requests admission control shed (503 busy): over the limit with no permit within max-wait, by endpoint partition")
                .withRegistry(meters);
        sheds.withTag("partition", AdmissionLimiters.PURCHASES);
        AdmissionControl filter = new AdmissionControl(
                partition -> AdmissionLimiters.forPartition(partition, properties), (partition, request, response) -> {
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
