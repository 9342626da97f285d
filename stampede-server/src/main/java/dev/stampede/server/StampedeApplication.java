package dev.stampede.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Stampede service: hot SKUs sold exactly once, with the concurrency-control strategy chosen per SKU. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StampedeApplication {

    /**
     * Runs the service until it is stopped; {@code args} are Spring Boot settings ({@code --server.port=8080},
     * {@code --stampede.db.url=jdbc:postgresql://...}). {@code stampede serve} is the command line users run; this is
     * the entry point of the services the bench starts as child processes.
     */
    public static void main(String[] args) {
        SpringApplication.run(StampedeApplication.class, args);
    }
}
