package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service killed with -9 (no shutdown hook runs) must not leave its embedded PostgreSQL and Redis behind: they
 * would keep the data directory's lock and the Redis port, and the next start on them would fail.
 */
class ServiceCrashTest {

    private static final Duration SERVERS_GONE = Duration.ofSeconds(30);

    @TempDir
    Path dataDirectory;

    @Test
    void theEmbeddedServersDieWithAServiceKilledWithSigkillAndTheServiceRestartsOnTheSamePortAndData()
            throws IOException {
        int httpPort = ChildProcessInstance.freePort();
        List<String> settings = List.of(
                "stampede.data-dir=" + dataDirectory,
                "stampede.admin-token=crash",
                "stampede.redis.embedded-port=" + ChildProcessInstance.freePort());
        long postmaster;
        long redis;
        ChildProcessInstance crashed = ChildProcessInstance.serve(httpPort, settings);
        try {
            new StampedeClient(crashed.baseUri(), "crash").createSku("kept", 5, "conditional");
            postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .getFirst()
                    .strip());
            redis = crashed.process()
                    .descendants()
                    .filter(process -> process.info().command().orElse("").contains("redis-server"))
                    .findFirst()
                    .orElseThrow()
                    .pid();
            assertThat(alive(postmaster)).isTrue();
            assertThat(alive(redis)).isTrue();

            crashed.kill();
        } finally {
            crashed.close();
        }

        await().atMost(SERVERS_GONE).until(() -> !alive(postmaster) && !alive(redis));
        try (ChildProcessInstance restarted = ChildProcessInstance.serve(httpPort, settings)) {
            assertThat(new StampedeClient(restarted.baseUri(), "crash")
                            .audit("kept")
                            .get("initialStock")
                            .asInt())
                    .isEqualTo(5);
        }
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
