package dev.stampede.cli;

import dev.stampede.server.StampedeApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stampede serve}: runs the HTTP service until stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Start the Stampede HTTP service (embedded PostgreSQL unless --db is given).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int port;

    @Option(
            names = "--bind",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).",
            defaultValue = "127.0.0.1")
    String bind;

    @Option(
            names = "--db",
            description = "JDBC URL of a PostgreSQL database (env STAMPEDE_DB_URL); default: embedded PostgreSQL.")
    String db;

    @Option(names = "--db-user", description = "Database user (env STAMPEDE_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", description = "Database password (env STAMPEDE_DB_PASSWORD).")
    String dbPassword;

    @Option(
            names = "--data-dir",
            description = "Data directory of the embedded PostgreSQL (default: ~/.stampede/pgdata).")
    Path dataDir;

    @Option(
            names = "--admin-token",
            description =
                    "Bearer token for admin endpoints (env STAMPEDE_ADMIN_TOKEN); generated and printed if unset.")
    String adminToken;

    @Option(
            names = "--redis",
            description = "Redis server of the 'redis' hold strategy, e.g. redis://127.0.0.1:6379 (env"
                    + " STAMPEDE_REDIS_URL); an embedded Redis is started when unset.")
    String redis;

    @Option(
            names = "--redis-cluster",
            paramLabel = "HOST:PORT,...",
            description = "Some nodes of a Redis Cluster for every Redis user of the service (seat holds, the 'redis'"
                    + " and 'tokens' strategies, Redis leases), e.g. 10.0.0.21:6379,10.0.0.22:6379 (env"
                    + " STAMPEDE_REDIS_CLUSTER); instead of --redis.")
    String redisCluster;

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT,...",
            description = "Kafka cluster the checkout events are relayed to (env STAMPEDE_KAFKA_BOOTSTRAP_SERVERS);"
                    + " a single-node broker is started in the service when unset.")
    String kafka;

    @Mixin
    LockBackendOptions lock;

    @Option(names = "--allow-unsafe", description = "Allow SKUs with the 'unsafe' strategy (it oversells by design).")
    boolean allowUnsafe;

    @Option(
            names = "--property",
            paramLabel = "NAME=VALUE",
            description = "Any other setting, e.g. stampede.strategies.lock-timeout=2s (repeatable).")
    List<String> properties = new ArrayList<>();

    @Override
    public Integer call() {
        SpringApplication.run(StampedeApplication.class, springArguments().toArray(String[]::new));
        return 0;
    }

    /** The service's Spring Boot arguments ({@code --name=value}) that these options stand for. */
    List<String> springArguments() {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        args.add("--server.address=" + bind);
        add(args, "stampede.db.url", db);
        add(args, "stampede.db.user", dbUser);
        add(args, "stampede.db.password", dbPassword);
        add(args, "stampede.data-dir", dataDir);
        add(args, "stampede.admin-token", adminToken);
        add(args, "stampede.redis.url", redis);
        add(args, "stampede.redis.cluster", redisCluster);
        add(args, "stampede.kafka.bootstrap-servers", kafka);
        lock.properties().forEach(property -> args.add("--" + property));
        if (allowUnsafe) {
            args.add("--stampede.allow-unsafe=true");
        }
        properties.forEach(property -> args.add("--" + property));
        return args;
    }

    private static void add(List<String> args, String property, Object value) {
        if (value != null) {
            args.add("--" + property + "=" + value);
        }
    }
}
