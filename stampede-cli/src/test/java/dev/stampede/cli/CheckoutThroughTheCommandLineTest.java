package dev.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.devservers.EmbeddedKafkaBroker;
import dev.stampede.payments.PaymentBehaviour;
import dev.stampede.payments.PaymentService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code stampede bench checkout}: a tiny run of each mode, audited, reported as text, JSON and HTML. */
class CheckoutThroughTheCommandLineTest {

    /** Runs {@code stampede bench checkout args} and answers its exit code and what it printed. */
    private static String run(int expectedExit, String args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream terminal = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(StampedeCommand.commandLine().execute(("bench checkout " + args).split(" ")))
                    .as(printed.toString(StandardCharsets.UTF_8))
                    .isEqualTo(expectedExit);
        } finally {
            System.setOut(terminal);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> runs(Path json) throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        JsonMapper.builder()
                .build()
                .readTree(Files.readString(json))
                .path("runs")
                .forEach(runs::add);
        return runs;
    }

    @Test
    void bothModesSellTheStockAndPassTheStockLedgerAndEventAudits(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("checkout.json");
        Path html = dir.resolve("checkout.html");

        String printed = run(
                0,
                "--buyers 20 --units 10 --min-payment-ms 50 --max-payment-ms 100 --decline-rate 0.1 --deadline 60s"
                        + " --poll-ms 50 --in-process --no-progress --json " + json + " --html " + html);

        assertThat(printed).contains("checkouts (issue 14)", "reserve-confirm", "lock-across-payment");
        assertThat(printed)
                .as("the unreported warm-up ran before the measured runs")
                .contains("warming up the JIT (unreported)");
        List<JsonNode> runs = runs(json);
        assertThat(runs)
                .extracting(run -> run.path("strategy").asString())
                .containsExactly("reserve-confirm", "lock-across-payment");
        for (JsonNode run : runs) {
            JsonNode counters = run.path("checkout");
            assertThat(run.path("audit").path("passed").asBoolean())
                    .as(run.path("audit").toString())
                    .isTrue();
            assertThat(counters.path("checkout_unfinished").asLong()).isZero();
            assertThat(counters.path("checkout_confirmed").asLong()
                            + counters.path("checkout_declined_released").asLong()
                            + counters.path("checkout_released_otherwise").asLong()
                            + counters.path("checkout_sold_out").asLong())
                    .as("every buyer got a final answer: %s", counters)
                    .isEqualTo(20);
            assertThat(counters.path("checkout_confirmed").asLong()).isBetween(1L, 10L);
            assertThat(counters.path("audit_charges").asLong())
                    .as("one charge per confirmed checkout, nothing else charged")
                    .isEqualTo(counters.path("checkout_confirmed").asLong());
            assertThat(counters.path("audit_events").asLong())
                    .as("every event of the run reached the audit consumer")
                    .isGreaterThanOrEqualTo(
                            4 * counters.path("checkout_confirmed").asLong());
        }
        assertThat(Files.readString(html)).contains("lock-across-payment", "Stock blocked over time");
        for (JsonNode run : runs) {
            JsonNode blocked = run.path("checkout").path("checkout_blocked_units");
            assertThat(blocked.path("step_ms").asLong()).isPositive();
            assertThat(blocked.path("units"))
                    .as("units were held during the run, and none after it")
                    .anySatisfy(units -> assertThat(units.asLong()).isPositive())
                    .last()
                    .satisfies(units -> assertThat(units.asLong()).isZero());
            assertThat(run.path("checkout").path("checkout_stock_settled_ms").asLong())
                    .isPositive();
            assertThat(run.path("cpu_us_per_request").path("service").asDouble())
                    .as("the service's CPU per buyer was read: %s", run.path("cpu_us_per_request"))
                    .isPositive();
        }
    }

    @Test
    void aRunningProviderAndKafkaClusterAreUsedInsteadOfStartingThem(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("checkout.json");
        try (PaymentService provider = PaymentService.start(
                        0, PaymentBehaviour.INSTANT.withLatency(Duration.ofMillis(20), Duration.ofMillis(40)));
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {

            String printed = run(
                    0,
                    "--buyers 10 --units 5 --modes reserve-confirm --deadline 60s --poll-ms 50 --in-process"
                            + " --no-progress --no-warmup --payments " + provider.url() + " --kafka "
                            + kafka.bootstrapServers()
                            + " --json " + json);

            assertThat(printed).contains("reserve-confirm");
            JsonNode run = runs(json).getFirst();
            assertThat(run.path("audit").path("passed").asBoolean())
                    .as(run.path("audit").toString())
                    .isTrue();
            long confirmed = run.path("checkout").path("checkout_confirmed").asLong();
            assertThat(confirmed).isEqualTo(5);
            try (HttpClient http = HttpClient.newHttpClient()) {
                String ledger = http.send(
                                HttpRequest.newBuilder(provider.url().resolve("/charges"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(JsonMapper.builder().build().readTree(ledger).path("charges"))
                        .as("the run charged through the provider it was given")
                        .filteredOn(charge -> charge.path("status").asString().equals("charged"))
                        .hasSize(5);
            }
            assertThat(run.path("checkout").path("audit_events").asLong())
                    .as("the events went through the broker it was given, the only one there is")
                    .isGreaterThanOrEqualTo(4 * confirmed);
        }
    }
}
