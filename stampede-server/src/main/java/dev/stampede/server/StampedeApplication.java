package dev.stampede.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Stampede service: hot SKUs sold exactly once, with the concurrency-control strategy chosen per SKU. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StampedeApplication {}
