package dev.stampede.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.checkout.PaymentProvider.Charged;
import dev.stampede.core.checkout.PaymentProvider.Decision;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider as a process of its own, as {@code stampede payments} and the bench start it. */
class PaymentsCommandTest {

    @Test
    void theProviderRunsAsAChildProcessAndAKill9LeavesItUnreachable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process child = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        PaymentsCommand.class.getName(),
                        "--port=" + port,
                        "--min-latency-ms=0",
                        "--max-latency-ms=0",
                        "--decline-rate=0",
                        "--stall-rate=0",
                        "--lost-answer-rate=0"))
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader output =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = output.readLine();
            } while (line != null && !line.startsWith("payments listening on"));
            assertThat(line).isEqualTo("payments listening on http://127.0.0.1:" + port);

            HttpPaymentProvider provider =
                    new HttpPaymentProvider(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5));
            Decision charged = provider.charge("child-1", 250);
            assertThat(charged).isInstanceOf(Charged.class);
            assertThat(provider.lookUp("child-1")).contains(charged);

            child.destroyForcibly().waitFor(); // SIGKILL
            assertThatThrownBy(() -> provider.lookUp("child-1")).isInstanceOf(StoreUnavailableException.class);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aRateOutsideZeroToOneStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> PaymentBehaviour.DEFAULT.withDeclineRate(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decline rate");
    }
}
