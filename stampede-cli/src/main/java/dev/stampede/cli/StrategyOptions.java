package dev.stampede.cli;

import picocli.CommandLine.Option;

/** Which of the service's strategies a scenario compares. */
final class StrategyOptions {

    @Option(
            names = "--strategies",
            paramLabel = "all|NAME,NAME,...",
            description = "The strategies to compare: all that the service offers, or a comma-separated list"
                    + " (default: ${DEFAULT-VALUE}).")
    String strategies = "all";
}
