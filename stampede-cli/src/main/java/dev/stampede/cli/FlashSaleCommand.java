package dev.stampede.cli;

import dev.stampede.bench.scenario.SaleShape;
import picocli.CommandLine.Command;

/** {@code stampede bench flash-sale}: seed 000. */
@Command(
        name = "flash-sale",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "15,000 buyers at once for 10,000 units (seed 000).",
            "",
            "Every buyer connects, then all are released at the same instant to buy one unit. Afterwards the audit:"
                    + " orders == units sold, between the successes the bench saw and those plus its outcome_unknown"
                    + " answers and requests with no answer, nothing oversold. A failed audit exits 1.",
            ""
        })
final class FlashSaleCommand extends SaleCommand {

    FlashSaleCommand() {
        super(SaleShape.FLASH_SALE);
    }
}
