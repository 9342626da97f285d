package dev.stampede.cli;

import dev.stampede.bench.scenario.SaleBench;
import picocli.CommandLine.Option;

/** Over how many SKUs a sale's stock and buyers are spread (issue 15's low-contention run). */
final class SaleSpreadOptions {

    @Option(
            names = "--skus",
            paramLabel = "N",
            description = "SKUs on sale for each strategy's run: the stock split evenly over them, the buyers"
                    + " round-robin, the audit per SKU and in total (default: ${DEFAULT-VALUE}, the seed's hot spot).")
    int skus = 1;

    /** Refuses a spread that cannot be made before anything starts: see {@link SaleBench#requireSpread}. */
    void check(int stock) {
        SaleBench.requireSpread(stock, skus);
    }
}
