package dev.stampede.bench.twoinstances;

import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.jdbc.sale.JdbcPurchaseStrategies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Adds {@code jvm-lock} to a service started with {@code spring.main.sources} naming this class. */
@Configuration(proxyBeanMethods = false)
public class JvmLocalLockConfig {

    @Bean
    PurchaseStrategy jvmLocalLockPurchase(JdbcPurchaseStrategies strategies) {
        return new JvmLocalLockPurchase(strategies.all().stream()
                .filter(strategy -> strategy.name().equals("unsafe"))
                .findFirst()
                .orElseThrow());
    }
}
