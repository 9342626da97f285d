package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.devservers.LocalEtcdCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code lease} strategy with its leases on a local three-member etcd cluster: it sells with one member stopped,
 * answers 503 within its wait (and sells nothing) with two stopped, and sells again once they are back.
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdLeaseApiTest extends ApiTest {

    private static final String BINARY_VARIABLE = "STAMPEDE_TEST_ETCD_BIN";
    private static LocalEtcdCluster cluster;

    @DynamicPropertySource
    static void etcd(DynamicPropertyRegistry registry) {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Assumptions.assumeTrue(
                ci
                        || LocalEtcdCluster.findBinary(System.getenv(BINARY_VARIABLE))
                                .isPresent(),
                "no etcd binary: " + LocalEtcdCluster.INSTALL_HINT);
        cluster = LocalEtcdCluster.start(System.getenv(BINARY_VARIABLE), Path.of("target", "etcd"));
        registry.add("stampede.lock.backend", () -> "etcd");
        registry.add("stampede.lock.etcd-endpoints", () -> String.join(",", cluster.endpoints()));
        registry.add("stampede.lock.max-wait", () -> "1s");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void leasesSurviveOneMemberDownAndAnswerBusyWithoutAMajority(CapturedOutput log) {
        String sku = newSku(5, "lease");
        assertThat(purchase(sku, "all-up", 1).status()).isEqualTo(201);

        cluster.stop(0);
        assertThat(purchase(sku, "one-down", 1).status()).isEqualTo(201);

        cluster.stop(1);
        long start = System.nanoTime();
        Reply refused = purchase(sku, "two-down", 1).isProblem(503, "busy");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        refused.loggedUnderItsErrorId(log, "lock service unavailable");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(2);
        assertThat(audit(sku).path("stock").asInt()).isEqualTo(3);

        cluster.start(0);
        cluster.start(1);
        cluster.awaitHealthy();
        assertThat(purchase(sku, "back-up", 1).status()).isEqualTo(201);
        assertThat(audit(sku).path("passed").asBoolean()).isTrue();
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(3);
    }
}
