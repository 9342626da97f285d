package dev.stampede.cli;

import dev.stampede.bench.scenario.CheckoutBench;
import dev.stampede.bench.scenario.ServiceKill;
import dev.stampede.bench.service.StampedeTargets;
import dev.stampede.devservers.EmbeddedKafkaBroker;
import dev.stampede.payments.PaymentBehaviour;
import dev.stampede.payments.PaymentService;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stampede bench checkout}: seed 003's checkout, challenges 2–3 (issue 14). */
@Command(
        name = "checkout",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "Checkouts of a hot SKU via a slow payment provider (seed 003).",
            "",
            "Each buyer POSTs /api/checkouts in the mode of the run and polls until its checkout is final. Modes:"
                    + " reserve-confirm (the saga: reserve, charge outside any lock, confirm or release) and"
                    + " lock-across-payment (the anti-pattern: the SKU's row lock held through the payment)."
                    + " The bench starts the payment provider and one Kafka broker every instance shares (or uses"
                    + " running ones: --payments, --kafka). Afterwards"
                    + " the audit: units confirmed + left + held == initial; every charge in the provider's ledger"
                    + " matches one confirmed order or one refund; every outbox event reached the bench's own"
                    + " consumer. A failed audit exits 1.",
            ""
        })
final class CheckoutCommand implements Callable<Integer> {

    @Option(names = "--buyers", paramLabel = "N", description = "Buyers, all at once (default: ${DEFAULT-VALUE}).")
    int buyers = 2_000;

    @Option(names = "--units", paramLabel = "N", description = "Units of the SKU (default: ${DEFAULT-VALUE}).")
    int units = 1_000;

    @Option(
            names = "--modes",
            paramLabel = "MODE,MODE",
            split = ",",
            description = "Checkout modes to compare, in order (default: reserve-confirm,lock-across-payment).")
    List<String> modes = List.of("reserve-confirm", "lock-across-payment");

    @Option(names = "--min-payment-ms", paramLabel = "MS", description = "Fastest payment (default: ${DEFAULT-VALUE}).")
    int minPaymentMs = 2_000;

    @Option(names = "--max-payment-ms", paramLabel = "MS", description = "Slowest payment (default: ${DEFAULT-VALUE}).")
    int maxPaymentMs = 6_000;

    @Option(
            names = "--decline-rate",
            paramLabel = "RATE",
            description = "Share of charges the provider declines, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double declineRate = 0.10;

    @Option(
            names = "--deadline",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "60s",
            description = "A buyer whose checkout is not final this long after the start gives up (default:"
                    + " ${DEFAULT-VALUE}); lock-across-payment runs that long.")
    Duration deadline;

    @Option(
            names = "--poll-ms",
            paramLabel = "MS",
            description = "How often a buyer asks for its checkout (default: ${DEFAULT-VALUE}).")
    int pollMs = 1_000;

    @Option(
            names = "--payments",
            paramLabel = "URL",
            description = "A running payment provider (./stampede payments) the instances charge and the audit reads"
                    + " the ledger of; the payment options above are then its own. Default: one started by the bench.")
    URI payments;

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT,...",
            description = "A running Kafka cluster the instances relay their events to and the audit consumes."
                    + " Default: an embedded single-node broker started by the bench.")
    String kafka;

    @Option(
            names = "--fault",
            paramLabel = "kill-service@TIME",
            converter = ServiceKillConverter.class,
            description = "kill-service@5s: kill -9 the first instance (a child process) that long into each run,"
                    + " then start it again; the checkouts it left are finished by the recovery task.")
    ServiceKill fault;

    @Mixin
    RunOptions runs;

    @Mixin
    WarmUpOptions warmUp;

    @Mixin
    TargetOptions targets;

    @Mixin
    ReportOptions reporting;

    @Override
    public Integer call() throws IOException {
        Optional<ServiceKill> killing = Optional.ofNullable(fault);
        PaymentBehaviour behaviour = PaymentBehaviour.INSTANT
                .withLatency(Duration.ofMillis(minPaymentMs), Duration.ofMillis(maxPaymentMs))
                .withDeclineRate(declineRate);
        Path kafkaLog = Files.createTempDirectory("stampede-bench-kafka-");
        try (PaymentService startedPayments = payments == null ? PaymentService.start(0, behaviour) : null;
                EmbeddedKafkaBroker startedKafka = kafka == null ? EmbeddedKafkaBroker.start(kafkaLog, 0) : null) {
            URI paymentsUrl = payments == null ? startedPayments.url() : payments;
            String bootstrapServers = kafka == null ? startedKafka.bootstrapServers() : kafka;
            targets.addServiceProperty("stampede.checkout.payments-url=" + paymentsUrl);
            targets.addServiceProperty("stampede.checkout.modes=reserve-confirm,lock-across-payment");
            targets.addServiceProperty("stampede.kafka.enabled=true");
            targets.addServiceProperty("stampede.kafka.bootstrap-servers=" + bootstrapServers);
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("buyers", buyers);
            parameters.put("units", units);
            if (payments == null) {
                parameters.put("payment_ms", minPaymentMs + "-" + maxPaymentMs);
                parameters.put("decline_rate", declineRate);
            } else {
                parameters.put("payments", payments.toString());
            }
            if (kafka != null) {
                parameters.put("kafka", kafka);
            }
            parameters.put("deadline", deadline.toString());
            killing.ifPresent(kill -> parameters.put("fault", kill.describe()));
            try (StampedeTargets opened = targets.open();
                    CheckoutBench bench = new CheckoutBench(
                            opened,
                            reporting.progress(),
                            new CheckoutBench.Shape(buyers, units, Duration.ofMillis(pollMs), deadline),
                            modes,
                            paymentsUrl,
                            bootstrapServers,
                            "stampede.checkout-events",
                            killing)) {
                targets.announceDashboards(opened, System.out);
                return new ScenarioDriver(System.out)
                        .run(
                                "checkout",
                                bench,
                                new RunPlan(String.join(",", modes), runs.runs, !warmUp.noWarmup, false),
                                targets.describe(parameters),
                                reporting);
            }
        } finally {
            Utils.delete(kafkaLog.toFile());
        }
    }
}
