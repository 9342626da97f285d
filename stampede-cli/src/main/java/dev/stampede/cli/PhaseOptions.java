package dev.stampede.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The unreported phases before a sale's measured runs: the JIT warm-up and the harness ceiling. */
final class PhaseOptions {

    @Mixin
    WarmUpOptions warmUp;

    @Option(
            names = "--no-ceiling",
            description = "Skip measuring the harness ceiling (the same load on the no-op endpoint).")
    boolean noCeiling;
}
