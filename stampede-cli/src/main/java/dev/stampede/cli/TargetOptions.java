package dev.stampede.cli;

import dev.stampede.bench.service.Balancer;
import dev.stampede.bench.service.LocalTargets;
import dev.stampede.bench.service.RemoteTargets;
import dev.stampede.bench.service.ServiceProfile;
import dev.stampede.bench.service.StampedeTargets;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The Stampede instances a scenario drives: running ones ({@code --target}) with their database, or fresh local ones
 * on a fresh embedded PostgreSQL with the service settings given here.
 */
final class TargetOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--target",
            split = ",",
            paramLabel = "URL",
            description = "Running instances to drive, e.g. http://127.0.0.1:8080 (comma-separated: round-robin per"
                    + " VU); default: fresh local ones.")
    List<URI> targets;

    @Option(
            names = "--admin-token",
            paramLabel = "TOKEN",
            description = "Admin token of the --target instances (needed with --target).")
    String adminToken;

    @Mixin
    DatabaseOptions database;

    @Option(
            names = "--instances",
            paramLabel = "N",
            description = "Local service instances (default: ${DEFAULT-VALUE}).")
    int instances = 1;

    @Option(
            names = "--balancer",
            paramLabel = "NAME",
            description = "What spreads the load over the local instances: none (the bench, round-robin per VU) or"
                    + " haproxy (Debian's haproxy on loopback, least connections, health checks on /actuator/health/readiness;"
                    + " the bench drives the balancer, and runs each strategy also straight to the instances,"
                    + " as <strategy>@direct, to report the balancer's overhead). Default: none.")
    Balancer balancer = Balancer.NONE;

    @Option(
            names = "--local-redis-cluster",
            arity = "0..1",
            fallbackValue = "0",
            paramLabel = "FIRST_PORT",
            description = "Start a local Redis Cluster for the local instances (Debian's redis-server and redis-cli:"
                    + " three masters, three replicas on FIRST_PORT to FIRST_PORT+5, their buses 10000 above; no"
                    + " port: free ones) instead of one shared Redis.")
    Integer localRedisCluster;

    @Option(
            names = "--dashboard",
            description = "Print the live dashboard's URL of every instance driven (/dashboard: open it in a browser"
                    + " to watch the run; the service stays up with it until the run ends).")
    boolean dashboard;

    @Option(names = "--in-process", description = "Run the local service in this JVM instead of a child process.")
    boolean inProcess;

    @Mixin
    LockBackendOptions lock;

    @Option(
            names = "--patient",
            description = "The local service waits up to 100s for a connection, 60s (purchases, leases) or 100s"
                    + " (transfers) for a lock, and retries conflicts up to 200 (purchases) or 1000 (transfers)"
                    + " times, so that every client waits for a definite answer.")
    boolean patient;

    @Option(
            names = "--service-property",
            paramLabel = "NAME=VALUE",
            description = "A setting of the local service, e.g. stampede.db.connection-timeout=60s (repeatable).")
    List<String> serviceProperties = new ArrayList<>();

    /** Adds a setting of the local service that a scenario's own option stands for. */
    void addServiceProperty(String nameValue) {
        serviceProperties.add(nameValue);
    }

    /** Starts the local instances, or connects to the {@code --target} ones; the caller closes them. */
    StampedeTargets open() {
        if (targets == null) {
            return new LocalTargets(
                    instances,
                    inProcess,
                    balancer,
                    localRedisCluster == null
                            ? new LocalTargets.RedisCluster.None()
                            : new LocalTargets.RedisCluster.Local(localRedisCluster),
                    localProperties());
        }
        if (balancer != Balancer.NONE || localRedisCluster != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--balancer and --local-redis-cluster are for local instances, not --target ones");
        }
        if (adminToken == null) {
            throw new ParameterException(
                    spec.commandLine(), "--target needs --admin-token (SKUs are put on sale through the admin API)");
        }
        return new RemoteTargets(targets, adminToken, database.connect());
    }

    /** With {@code --dashboard}: one line per instance naming its live dashboard ({@code /dashboard}). */
    void announceDashboards(StampedeTargets opened, PrintStream out) {
        if (dashboard) {
            opened.baseUris().forEach(uri -> out.println("Live dashboard: " + uri.resolve("/dashboard")));
        }
    }

    /** {@code parameters} and, after them, how many instances are driven and, for local ones, their settings. */
    Map<String, Object> describe(Map<String, Object> parameters) {
        Map<String, Object> described = new LinkedHashMap<>(parameters);
        described.put("instances", targets == null ? instances : targets.size());
        if (balancer != Balancer.NONE) {
            described.put("balancer", balancer.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (localRedisCluster != null) {
            described.put("redis", "local cluster, 3 masters + 3 replicas");
        }
        if (targets == null && !localProperties().isEmpty()) {
            described.put("service properties", localProperties());
        }
        return described;
    }

    /** The settings given to local instances: the profile, the backend options, then --service-property. */
    List<String> localProperties() {
        List<String> properties = new ArrayList<>(patient ? ServiceProfile.PATIENT.properties() : List.of());
        properties.addAll(lock.properties());
        properties.addAll(serviceProperties);
        return properties;
    }
}
