package dev.stampede.cli;

import picocli.CommandLine.Command;

/**
 * {@code stampede bench <scenario>}: replays a seed's experiment against every strategy and audits every run. Each
 * scenario is a subcommand with only its own options; with none, picocli asks for one.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "SCENARIO",
        description = {
            "Replay a contention experiment, audit every run, compare the strategies side by side.",
            "Each scenario has its own options: stampede bench SCENARIO --help."
        },
        commandListHeading = "%nScenarios:%n",
        subcommands = {
            FlashSaleCommand.class,
            LastTicketCommand.class,
            MillionCommand.class,
            HotRowCommand.class,
            RelayCommand.class,
            SeatHoldsCommand.class,
            TransfersCommand.class,
            CheckoutCommand.class,
            HttpCommand.class,
            RegionsCommand.class
        })
final class BenchCommand {}
