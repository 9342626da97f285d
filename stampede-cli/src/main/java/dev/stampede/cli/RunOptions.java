package dev.stampede.cli;

import picocli.CommandLine.Option;

/** How many times each strategy runs. */
final class RunOptions {

    @Option(
            names = "--runs",
            paramLabel = "N",
            description = "Measured runs of each strategy, mode or request (default: ${DEFAULT-VALUE}); run k of"
                    + " every strategy is round k, each round in the order of the one before rotated by one.")
    int runs = 1;
}
