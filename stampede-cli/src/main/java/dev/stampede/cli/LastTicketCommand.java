package dev.stampede.cli;

import dev.stampede.bench.scenario.SaleShape;
import picocli.CommandLine.Command;

/** {@code stampede bench last-ticket}: seed 001. */
@Command(
        name = "last-ticket",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "1,000 buyers at once for the last unit (seed 001).",
            "",
            "Every buyer connects, then all are released at the same instant to buy one unit. Afterwards the audit:"
                    + " exactly one winner, nothing oversold. A failed audit exits 1.",
            ""
        })
final class LastTicketCommand extends SaleCommand {

    LastTicketCommand() {
        super(SaleShape.LAST_TICKET);
    }
}
