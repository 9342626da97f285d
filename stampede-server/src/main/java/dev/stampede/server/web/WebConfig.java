package dev.stampede.server.web;

import dev.stampede.server.config.StampedeProperties;
import jakarta.servlet.DispatcherType;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * The admin token check, the refusal of repeated single-valued headers, the body size limit, the purchase route served
 * without {@code DispatcherServlet} ({@link DirectPurchaseRoute}), the storable-text rule
 * for path variables and query parameters, and strict JSON binding: no member named twice, every string storable (see
 * {@link StorableText}), no silent coercion of numbers, nor of numbers and booleans to text.
 */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WebConfig.class);

    private final AdminTokenCheck adminTokenCheck;

    WebConfig(StampedeProperties properties) {
        this.adminTokenCheck = new AdminTokenCheck(adminToken(properties.adminToken()));
    }

    private static String adminToken(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        log.warn("No stampede.admin-token configured; generated admin token for this run: {}", generated);
        return generated;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(adminTokenCheck);
        registry.addInterceptor(ProblemNegotiation.beforeWrite());
        registry.addInterceptor(new StorableTextCheck());
    }

    @Bean
    FilterRegistrationBean<SingleValuedHeaders> singleValuedHeaders(
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        FilterRegistrationBean<SingleValuedHeaders> registration =
                new FilterRegistrationBean<>(new SingleValuedHeaders(problems));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(StampedeProperties properties) {
        FilterRegistrationBean<BodySizeLimit> registration =
                new FilterRegistrationBean<>(new BodySizeLimit(properties.maxBodyBytes()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Last of the filters on its path, so that every filter before MVC also runs before it; on asynchronous dispatches
     * too, which on this path come only from admission control admitting a purchase that waited for a permit (no
     * handler on it is asynchronous).
     */
    @Bean
    FilterRegistrationBean<DirectPurchaseRoute> directPurchaseRoute(
            PurchaseEndpoint purchases, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        FilterRegistrationBean<DirectPurchaseRoute> registration =
                new FilterRegistrationBean<>(new DirectPurchaseRoute(purchases, problems));
        registration.addUrlPatterns(DirectPurchaseRoute.PREFIX + "*");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(StorableStrings.module())
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .withCoercionConfig(
                        LogicalType.Textual,
                        text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
