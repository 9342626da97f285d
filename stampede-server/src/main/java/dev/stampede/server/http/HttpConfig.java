package dev.stampede.server.http;

import dev.stampede.server.config.HttpProperties;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Tomcat's connector under the policy of {@code stampede.http.*} ({@link GuardedHttp11NioProtocol}, {@link BodyDeadline},
 * {@link TimeoutClosesConnection}) and its metrics. Tomcat's own settings are Spring Boot's {@code server.tomcat.*}, in
 * {@code application.properties}.
 */
@Configuration(proxyBeanMethods = false)
class HttpConfig {

    @Bean
    UnobservedHotRoutes unobservedHotRoutes() {
        return new UnobservedHotRoutes();
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
