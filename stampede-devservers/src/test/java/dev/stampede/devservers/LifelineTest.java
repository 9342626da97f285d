package dev.stampede.devservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LifelineTest {

    private Process holder;
    private long server;

    @AfterEach
    void stopWhatIsLeft() {
        if (holder != null) {
            holder.destroyForcibly();
        }
        ProcessHandle.of(server).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void theServerIsStoppedWhenTheJvmHoldingItsLifelineIsKilledWithSigkill() throws Exception {
        BufferedReader out = startHolder();
        server = Long.parseLong(out.readLine());
        assertThat(alive(server)).isTrue();
        assertThat(lifelinesOf(server)).hasSize(1);

        holder.destroyForcibly().waitFor();

        await().atMost(Duration.ofSeconds(30)).until(() -> !alive(server));
    }

    @Test
    void aClosedLifelineLeavesTheServerRunningWhenTheJvmIsKilledAfterwards() throws Exception {
        BufferedReader out = startHolder();
        server = Long.parseLong(out.readLine());
        OutputStream commands = holder.getOutputStream();
        commands.write("close\n".getBytes(StandardCharsets.UTF_8));
        commands.flush();
        assertThat(out.readLine()).isEqualTo("closed");

        holder.destroyForcibly().waitFor();

        assertThat(lifelinesOf(server))
                .as("no shell is left that could signal the server")
                .isEmpty();
        assertThat(alive(server)).isTrue();
    }

    private BufferedReader startHolder() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        holder = new ProcessBuilder(
                        List.of(java, "-cp", System.getProperty("java.class.path"), LifelineHolder.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    }

    private static List<ProcessHandle> lifelinesOf(long pid) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .arguments()
                        .map(List::of)
                        .filter(arguments -> arguments.contains("stampede-lifeline")
                                && arguments.getLast().equals(Long.toString(pid)))
                        .isPresent())
                .toList();
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
