package dev.stampede.cli;

import dev.stampede.payments.PaymentsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code stampede}: the command line of the service. */
@Command(
        name = "stampede",
        mixinStandardHelpOptions = true,
        version = "stampede 0.1.0",
        description = "Sell the last unit exactly once under contention, and prove it.",
        subcommands = {ServeCommand.class, BenchCommand.class, DemoCommand.class, PaymentsCommand.class})
public final class StampedeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /**
     * The command line. A mistake found only once a command runs (an unknown strategy, a malformed --request) is an
     * {@link IllegalArgumentException}: it is reported like a usage error, by its message alone, with picocli's exit
     * code for invalid input (2), apart from the 1 of a failed audit.
     */
    static CommandLine commandLine() {
        return new CommandLine(new StampedeCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    if (!(e instanceof IllegalArgumentException)) {
                        throw e;
                    }
                    command.getErr()
                            .println(command.getColorScheme()
                                    .errorText(command.getCommandName() + ": " + e.getMessage()));
                    return command.getCommandSpec().exitCodeOnInvalidInput();
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
