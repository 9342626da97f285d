package dev.stampede.server.config;

import dev.stampede.server.dashboard.DashboardStream;
import dev.stampede.server.dashboard.HotKeyFilter;
import dev.stampede.server.dashboard.HotKeys;
import dev.stampede.server.jobs.PeriodicJob;
import dev.stampede.server.sale.Sales;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the live dashboard ({@code /dashboard}): its hot-key counter, its feed and the feed's tick. */
@Configuration(proxyBeanMethods = false)
class DashboardConfig {

    /** How many SKUs the hot-key counter tracks at once (the dashboard shows the hottest of them). */
    private static final int HOT_KEYS_TRACKED = 32;

    @Bean
    HotKeys hotKeys() {
        return new HotKeys(HOT_KEYS_TRACKED);
    }

    @Bean
    FilterRegistrationBean<HotKeyFilter> hotKeyFilter(HotKeys hotKeys) {
        FilterRegistrationBean<HotKeyFilter> registration = new FilterRegistrationBean<>(new HotKeyFilter(hotKeys));
        registration.addUrlPatterns(HotKeyFilter.PREFIX + "*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1); // before the purchase route, which ends the chain
        // A purchase admission control let wait is counted when it is admitted, in its asynchronous dispatch.
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    @Bean(destroyMethod = "close")
    DashboardStream dashboardStream(MeterRegistry meters, HotKeys hotKeys, Sales sales, Clock clock) {
        return new DashboardStream(meters, hotKeys, sales::find, clock);
    }

    /** One snapshot a second for every open dashboard. */
    @Bean
    PeriodicJob dashboardTick(DashboardStream stream) {
        return new PeriodicJob("dashboard", Duration.ofSeconds(1), stream::tick);
    }
}
