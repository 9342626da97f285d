package dev.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code stampede bench relay}: a tiny drain per pair of options, on an embedded PostgreSQL and broker, audited. */
class RelayThroughTheCommandLineTest {

    @Test
    void everyPairOfBatchAndRelaysDrainsTheOutboxAndPassesItsAudit() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream terminal = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = StampedeCommand.commandLine()
                    .execute("bench", "relay", "--events", "400", "--batch", "50,400", "--relays", "1,2");
        } finally {
            System.setOut(terminal);
        }
        String out = printed.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(out).isZero();
        assertThat(out).contains("relay: 400 outbox events per run", "events/s", "broker");
        assertThat(out.lines().filter(line -> line.matches("\\s+[12]\\s+(50|400)\\s+400\\s.*\\s400\\s+0\\s+PASSED")))
                .as(out)
                .hasSize(4);
    }
}
