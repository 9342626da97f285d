package dev.stampede.devservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEtcdClusterTest {

    @Test
    void aMissingBinaryIsReportedWithHowToInstallIt(@TempDir Path folder) {
        String missing = folder.resolve("etcd").toString();

        assertThat(LocalEtcdCluster.findBinary(missing)).isEmpty();
        assertThatThrownBy(() -> LocalEtcdCluster.start(missing, folder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no executable etcd binary at " + missing)
                .hasMessageContaining("apt-get install etcd-server");
    }

    @Test
    void membersListenOnLoopbackOnlyAndClosingStopsThemAndDeletesTheirData() {
        LocalEtcdCluster cluster = LocalEtcdCluster.start(TestEtcdBinary.path(), null);
        Path directory = cluster.directory();
        List<URI> endpoints = cluster.endpoints().stream().map(URI::create).toList();

        assertThat(endpoints).hasSize(3).allSatisfy(endpoint -> {
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            assertThat(endpoint.getPort()).isNotIn(2379, 2380);
            assertThat(isListening(endpoint)).isTrue();
        });

        cluster.close();

        assertThat(endpoints).noneMatch(LocalEtcdClusterTest::isListening);
        assertThat(Files.exists(directory)).isFalse();
    }

    @Test
    void membersStopWhenTheJvmThatStartedThemIsKilledWithSigkill() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalEtcdClusterHolder.class.getName(),
                        TestEtcdBinary.path())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path directory = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            directory = Path.of(out.readLine());
            List<ProcessHandle> members = holder.descendants()
                    .filter(process -> process.info().command().orElse("").endsWith("/etcd"))
                    .toList();
            assertThat(members).hasSize(3).allMatch(ProcessHandle::isAlive);

            holder.destroyForcibly();

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(members).noneMatch(ProcessHandle::isAlive));
        } finally {
            holder.destroyForcibly();
            if (directory != null) {
                LocalEtcdCluster.delete(directory);
            }
        }
    }

    private static boolean isListening(URI endpoint) {
        try (Socket ignored = new Socket(endpoint.getHost(), endpoint.getPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
