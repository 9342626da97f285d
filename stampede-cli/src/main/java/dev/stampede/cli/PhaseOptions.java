package dev.stampede.cli;

import picocli.CommandLine.Option;

/** The unreported phases before a sale's measured runs: the JIT warm-up and the harness ceiling. */
final class PhaseOptions {

    @Option(names = "--no-warmup", description = "Skip the unreported warm-up of the JIT (bench and service).")
    boolean noWarmup;

    @Option(
            names = "--no-ceiling",
            description = "Skip measuring the harness ceiling (the same load on the no-op endpoint).")
    boolean noCeiling;
}
