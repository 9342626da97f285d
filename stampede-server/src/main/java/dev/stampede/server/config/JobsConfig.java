package dev.stampede.server.config;

import dev.stampede.server.jobs.PeriodicJob;
import dev.stampede.server.jobs.PeriodicJobs;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs every {@link PeriodicJob} bean of the context on the one scheduler of the service. */
@Configuration(proxyBeanMethods = false)
class JobsConfig {

    @Bean(destroyMethod = "close")
    PeriodicJobs periodicJobs(List<PeriodicJob> jobs, MeterRegistry meters) {
        return new PeriodicJobs(jobs, meters);
    }
}
