package dev.stampede.devservers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker in this process: KRaft mode ({@code process.roles=broker,controller}, no
 * ZooKeeper), listening on 127.0.0.1 only, its log in {@code logDirectory} kept across restarts. A new directory is
 * formatted first ({@code kafka-storage format}, done through Kafka's own {@link Formatter}); one formatted before is
 * reused as it is, so a broker stopped with {@link #close()} and started again on the same directory and port has every
 * record it acknowledged. Topics are created on first use with {@value #PARTITIONS} partitions; every internal topic
 * has one replica, the only one there can be. It runs in the JVM that started it and ends with it, kill -9 included.
 *
 * <p>Start-up takes a few seconds: start it only where a test or the service needs it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Partitions of an automatically created topic: enough for a few consumers in one group. */
    public static final int PARTITIONS = 4;

    /** Starts on a port picked as free, at most this many times, before giving up. */
    private static final int START_ATTEMPTS = 3;

    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the broker; {@code port} 0 picks a free port (its controller listener always takes a free one). Blocks
     * until the broker serves clients.
     *
     * @throws UncheckedIOException if the directory cannot be made or formatted, or the broker does not start
     */
    public static EmbeddedKafkaBroker start(Path logDirectory, int port) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOn(logDirectory, port == 0 ? LoopbackPorts.free() : port);
            } catch (PortTaken e) {
                if (port != 0 || attempt == START_ATTEMPTS) {
                    throw new UncheckedIOException("could not start embedded Kafka in " + logDirectory, e);
                }
            }
        }
    }

    /**
     * The port picked as free was taken before the broker bound it (a broker that starts slowly under load leaves
     * seconds for any outgoing connection to take it as its ephemeral port).
     */
    private static final class PortTaken extends IOException {
        PortTaken(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static EmbeddedKafkaBroker startOn(Path logDirectory, int chosen) throws PortTaken {
        int controllerPort = LoopbackPorts.free();
        Map<String, Object> settings = Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + chosen + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + chosen),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDirectory.toAbsolutePath().toString()),
                Map.entry("num.partitions", String.valueOf(PARTITIONS)),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "2"),
                Map.entry("background.threads", "2"),
                Map.entry("log.cleaner.threads", "1"));
        try {
            Files.createDirectories(logDirectory);
            KafkaConfig config = new KafkaConfig(settings, false);
            if (!Files.exists(logDirectory.resolve("meta.properties"))) {
                format(logDirectory);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                if (causedByBindFailure(e)) {
                    throw new PortTaken(e);
                }
                throw e;
            }
            return new EmbeddedKafkaBroker(server, chosen);
        } catch (PortTaken e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Kafka in " + logDirectory, e);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(
                    "could not start embedded Kafka in " + logDirectory, new IOException(e.getMessage(), e));
        }
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** {@code kafka-storage format} on a new directory: a fresh cluster id, the latest production metadata version. */
    private static void format(Path logDirectory) throws IOException {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setDirectories(List.of(logDirectory.toAbsolutePath().toString()))
                    .setMetadataLogDirectory(logDirectory.toAbsolutePath().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IOException("could not format " + logDirectory + " for Kafka: " + e.getMessage(), e);
        }
    }

    /** {@code host:port} for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the broker cleanly (its log flushed); its directory can be started again. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
