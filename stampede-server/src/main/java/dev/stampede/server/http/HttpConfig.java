package dev.stampede.server.http;

import dev.stampede.server.config.HttpProperties;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Tomcat's connector under the policy of {@code stampede.http.*} ({@link GuardedHttp11NioProtocol}, {@link BodyDeadline},
 * {@link TimeoutClosesConnection}) and its metrics. Tomcat's own settings are Spring Boot's {@code server.tomcat.*}, in
 * {@code application.properties}.
 */
@Configuration(proxyBeanMethods = false)
class HttpConfig {

    /**
     * The HTTP server observation without the hot routes ({@link HotRoutesUnobserved}), registered as Spring Boot would
     * register its own: the name from {@code management.observations.http.server.requests.name}, a custom convention
     * bean if there is one, the order just after the highest, request and async dispatches.
     */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> httpServerObservation(
            ObservationRegistry registry,
            ObjectProvider<ServerRequestObservationConvention> convention,
            @Value("${management.observations.http.server.requests.name:http.server.requests}") String name) {
        FilterRegistrationBean<ServerHttpObservationFilter> registration =
                new FilterRegistrationBean<>(new HotRoutesUnobserved(
                        registry,
                        convention.getIfAvailable(() -> new DefaultServerRequestObservationConvention(name))));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    @Bean
    GuardMetrics guardMetrics() {
        return new GuardMetrics();
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectorPolicy(
            HttpProperties properties, GuardMetrics counts) {
        ConnectorPolicy policy = ConnectorPolicy.of(
                properties.maxConnectionsPerAddress(),
                properties.headerTimeout(),
                properties.idleReleaseAfter(),
                counts);
        return factory -> {
            factory.setProtocol(GuardedHttp11NioProtocol.class.getName());
            factory.addEngineValves(new TimeoutClosesConnection());
            factory.addProtocolHandlerCustomizers(
                    (TomcatProtocolHandlerCustomizer<GuardedHttp11NioProtocol>) protocol -> protocol.policy(policy));
        };
    }

    @Bean
    FilterRegistrationBean<BodyDeadline> bodyDeadline(HttpProperties properties, GuardMetrics counts) {
        FilterRegistrationBean<BodyDeadline> registration =
                new FilterRegistrationBean<>(new BodyDeadline(properties.bodyTimeout(), counts));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
