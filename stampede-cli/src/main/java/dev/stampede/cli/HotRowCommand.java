package dev.stampede.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.bench.scenario.HotRowCeiling;
import dev.stampede.bench.service.LocalTargets;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stampede bench hot-row}: what the database alone can do on one hot row. Not a load scenario (no HTTP, no
 * strategies, no audit), so it prints its own table instead of going through the {@link ScenarioDriver}.
 */
@Command(
        name = "hot-row",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "The database alone on one hot row: plain JDBC, no service.",
            "",
            "Sells --stock units of one row with Stampede's tables and durable commits: one purchase per transaction"
                    + " from 1 and from --threads threads, then group commit of 100 and 500 purchases per"
                    + " transaction. Without --db, on a fresh embedded PostgreSQL with the schema of a local service.",
            ""
        })
final class HotRowCommand implements Callable<Integer> {

    @Option(
            names = "--stock",
            paramLabel = "N",
            description = "Units on the hot row, per mode and run (default: ${DEFAULT-VALUE}).")
    int stock = 10_000;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads of the concurrent one-purchase-per-transaction mode (default: ${DEFAULT-VALUE}).")
    int threads = 24;

    @Mixin
    RunOptions runs;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        Optional<HikariDataSource> given = database.connect();
        if (given.isPresent()) {
            try (HikariDataSource pool = given.get()) {
                measure(pool, "the database at --db");
            }
        } else {
            try (LocalTargets local = new LocalTargets(1, false, List.of())) {
                measure(local.database().orElseThrow(), local.describe());
            }
        }
        return 0;
    }

    private void measure(DataSource pool, String where) throws Exception {
        PrintStream out = System.out;
        HotRowCeiling ceiling = new HotRowCeiling(pool);
        out.printf("hot-row: %,d units on one row, plain JDBC, durable commits; %s%n", stock, where);
        out.printf("%-30s %8s %6s %12s %10s %14s%n", "mode", "threads", "batch", "purchases/s", "tx/s", "wall");
        List<HotRowCeiling.Result> results = new ArrayList<>();
        for (int run = 1; run <= runs.runs; run++) {
            results.add(ceiling.perTransaction(stock, 1));
            results.add(ceiling.perTransaction(stock, threads));
            results.add(ceiling.batched(stock, 100));
            results.add(ceiling.batched(stock, 500));
        }
        for (HotRowCeiling.Result r : results) {
            out.printf(
                    "%-30s %8d %6d %12.0f %10.0f %13.2fs%n",
                    r.mode(), r.threads(), r.batch(), r.purchasesPerSecond(), r.transactionsPerSecond(), r.seconds());
        }
    }
}
