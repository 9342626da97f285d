package dev.stampede.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.bench.scenario.RelayThroughput;
import dev.stampede.bench.service.MigratedPostgres;
import dev.stampede.devservers.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stampede bench relay}: what the outbox relay alone can do (issue 14). Like {@code hot-row}, not a load
 * scenario (no HTTP, no strategies), so it prints its own table instead of going through the {@link ScenarioDriver}.
 */
@Command(
        name = "relay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "The outbox relay alone: pre-filled events to Kafka.",
            "",
            "Fills the outbox with --events unpublished checkout events, then times the service's relay (the same"
                    + " classes, --relays at once, --batch events per transaction) publishing them to the broker and"
                    + " marking them published. Afterwards its own consumer reads the topic back: every event must"
                    + " arrive, each checkout's in order; a failed audit exits 1. Without --db, on a fresh embedded"
                    + " PostgreSQL with Stampede's schema; without --kafka, on an embedded single-node broker.",
            ""
        })
final class RelayCommand implements Callable<Integer> {

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "Events in the outbox per run, a multiple of 4 (default: ${DEFAULT-VALUE}).")
    int events = 200_000;

    @Option(
            names = "--batch",
            paramLabel = "N,N",
            split = ",",
            description = "Events per relay transaction, each in turn (default: the service's, 2000).")
    List<Integer> batches = List.of(2000);

    @Option(
            names = "--relays",
            paramLabel = "N,N",
            split = ",",
            description = "Relays draining at once, each in turn (default: 1).")
    List<Integer> relays = List.of(1);

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT,...",
            description = "A running Kafka cluster (default: an embedded single-node broker).")
    String kafka;

    @Mixin
    RunOptions runs;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        int poolSize = relays.stream().mapToInt(Integer::intValue).max().orElse(1) + 2;
        Optional<HikariDataSource> given = database.connect();
        if (given.isPresent()) {
            try (HikariDataSource pool = given.get()) {
                pool.setMaximumPoolSize(poolSize);
                return onBroker(pool, "the database at --db");
            }
        }
        try (MigratedPostgres local = new MigratedPostgres(poolSize)) {
            return onBroker(local.database(), "a fresh embedded PostgreSQL (durable commits)");
        }
    }

    private int onBroker(DataSource database, String where) throws Exception {
        if (kafka != null) {
            return measure(new RelayThroughput(database, kafka), where + ", Kafka at " + kafka);
        }
        Path log = Files.createTempDirectory("stampede-bench-kafka-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(log, 0)) {
            return measure(
                    new RelayThroughput(database, broker.bootstrapServers()),
                    where + ", an embedded single-node Kafka broker");
        } finally {
            delete(log);
        }
    }

    private int measure(RelayThroughput bench, String where) throws Exception {
        PrintStream out = System.out;
        out.printf("relay: %,d outbox events per run, drained to Kafka; %s%n", events, where);
        bench.run(Math.min(events, 20_000), batches.getFirst(), 1); // warm-up: JIT, connections, broker
        out.printf(
                "%7s %7s %10s %10s %12s %8s %8s %10s %11s %8s%n",
                "relays", "batch", "events", "wall", "events/s", "broker", "failed", "received", "duplicates", "audit");
        List<RelayThroughput.Result> results = new ArrayList<>();
        for (int run = 1; run <= runs.runs; run++) {
            for (int relayCount : relays) {
                for (int batch : batches) {
                    RelayThroughput.Result r = bench.run(events, batch, relayCount);
                    results.add(r);
                    out.printf(
                            "%7d %7d %,10d %9.2fs %,12.0f %7.0f%% %,8d %,10d %,11d %8s%n",
                            r.relays(),
                            r.batch(),
                            r.events(),
                            r.seconds(),
                            r.eventsPerSecond(),
                            100 * r.brokerShare(),
                            r.failedBatches(),
                            r.received(),
                            r.duplicates(),
                            r.passed() ? "PASSED" : "FAILED");
                }
            }
        }
        return results.stream().allMatch(RelayThroughput.Result::passed) ? 0 : 1;
    }

    private static void delete(Path directory) {
        try {
            Utils.delete(directory.toFile());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
