package dev.stampede.payments;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stampede payments}: runs the simulated payment provider ({@link PaymentService}) in the foreground until the
 * process is stopped. Its own {@link #main} lets the tests and the bench start it as a child process.
 */
@Command(
        name = "payments",
        mixinStandardHelpOptions = true,
        description = "Run a payment provider that is slow, declines, stalls and loses answers, idempotent by key.")
public final class PaymentsCommand implements Runnable {

    @Option(names = "--port", defaultValue = "16420", description = "Port on 127.0.0.1 (0: any free port).")
    int port;

    @Option(names = "--min-latency-ms", defaultValue = "2000", description = "Shortest time to decide a charge (ms).")
    long minLatencyMs;

    @Option(names = "--max-latency-ms", defaultValue = "6000", description = "Longest time to decide a charge (ms).")
    long maxLatencyMs;

    @Option(names = "--decline-rate", defaultValue = "0.10", description = "Fraction of charges declined.")
    double declineRate;

    @Option(names = "--stall-rate", defaultValue = "0.01", description = "Fraction of charges decided late.")
    double stallRate;

    @Option(names = "--stall-ms", defaultValue = "30000", description = "How much later a stalled charge is decided.")
    long stallMs;

    @Option(
            names = "--lost-answer-rate",
            defaultValue = "0.01",
            description = "Fraction of charges applied whose answer is lost (the connection closed).")
    double lostAnswerRate;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PaymentsCommand()).execute(args));
    }

    @Override
    public void run() {
        PaymentBehaviour behaviour = new PaymentBehaviour(
                Duration.ofMillis(minLatencyMs),
                Duration.ofMillis(maxLatencyMs),
                declineRate,
                stallRate,
                Duration.ofMillis(stallMs),
                lostAnswerRate);
        PaymentService service = PaymentService.start(port, behaviour);
        System.out.println("payments listening on " + service.url());
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            service.close();
        }
    }
}
