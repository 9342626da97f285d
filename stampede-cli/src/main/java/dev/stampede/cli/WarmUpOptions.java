package dev.stampede.cli;

import picocli.CommandLine.Option;

/** {@code --no-warmup}: the scenario's unreported JIT warm-up, on unless this is given. */
final class WarmUpOptions {

    @Option(names = "--no-warmup", description = "Skip the unreported warm-up of the JIT (bench and service).")
    boolean noWarmup;
}
