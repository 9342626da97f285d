package dev.stampede.cli;

import picocli.CommandLine.Option;

/** How many times each strategy runs. */
final class RunOptions {

    @Option(
            names = "--runs",
            paramLabel = "N",
            description = "Measured runs of each strategy, mode or request (default: ${DEFAULT-VALUE}).")
    int runs = 1;
}
