package dev.stampede.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code stampede}: the command line of the service. */
@Command(
        name = "stampede",
        mixinStandardHelpOptions = true,
        version = "stampede 0.1.0",
        description = "Sell the last unit exactly once under contention, and prove it.",
        subcommands = {ServeCommand.class, BenchCommand.class, DemoCommand.class})
public final class StampedeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = new CommandLine(new StampedeCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
