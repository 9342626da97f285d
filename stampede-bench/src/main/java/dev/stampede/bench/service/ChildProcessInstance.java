package dev.stampede.bench.service;

import dev.stampede.server.StampedeApplication;
import dev.stampede.server.admission.PauseCollectorCheck;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service ({@link StampedeApplication}) in a child JVM started from this JVM's class path (or the executable jar
 * it runs from), so that the bench's connections and the service's connections do not share one process's
 * file-descriptor limit. Its log goes to a temporary file.
 */
final class ChildProcessInstance implements ServiceInstance {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final int START_ATTEMPTS = 3;

    /** Spring Boot's launcher that starts {@code loader.main} from an executable jar's nested libraries. */
    private static final String JAR_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final Process process;
    private final URI baseUri;
    private final Path log;
    private final List<String> settings;

    private ChildProcessInstance(Process process, URI baseUri, Path log, List<String> settings) {
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
        this.settings = List.copyOf(settings);
    }

    /**
     * Starts a child on a port that is free now. Another process may take that port in the seconds before the child
     * binds it (any outgoing connection can); a child that exits before it answers is therefore started again on
     * another port, at most {@value #START_ATTEMPTS} times in all.
     */
    static ChildProcessInstance start(String jdbcUrl, String user, String adminToken, List<String> properties) {
        List<String> settings = ServiceInstance.settings(jdbcUrl, user, adminToken, properties);
        for (int attempt = 1; ; attempt++) {
            try {
                return serve(freePort(), settings);
            } catch (ExitedEarly e) {
                if (attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Runs the service on {@code 127.0.0.1:port} in a child JVM and waits until it answers; {@code settings} are
     * {@code name=value} Spring Boot settings ({@code stampede.db.url=jdbc:postgresql://...}).
     */
    static ChildProcessInstance serve(int port, List<String> settings) {
        try {
            Path log = Files.createTempFile("stampede-service-", ".log");
            List<String> command = javaRunningTheService();
            command.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1"));
            settings.forEach(setting -> command.add("--" + setting));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ChildProcessInstance instance =
                    new ChildProcessInstance(process, URI.create("http://127.0.0.1:" + port), log, settings);
            instance.awaitReady();
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a Stampede child process", e);
        }
    }

    /**
     * {@code java} running {@link StampedeApplication} on this JVM's class path. When that class path is one executable
     * Spring Boot jar (the {@code stampede} jar, its libraries nested inside), the class is started through Spring
     * Boot's {@code PropertiesLauncher}, which reads the nested libraries and runs the class named by
     * {@code loader.main}. The child runs on this JVM's collector when that is a concurrent one (the {@code stampede}
     * launcher starts the CLI on ZGC, which keeps admission control's {@code max-wait}: {@link PauseCollectorCheck}).
     */
    private static List<String> javaRunningTheService() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        PauseCollectorCheck.concurrentCollectorFlag().ifPresent(command::add);
        String classPath = System.getProperty("java.class.path");
        String main = StampedeApplication.class.getName();
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            command.addAll(List.of("-cp", classPath, "-Dloader.main=" + main, JAR_LAUNCHER));
        } else {
            command.addAll(List.of("-cp", classPath, main));
        }
        return command;
    }

    /** The child exited before it answered (its port was taken, or it could not start at all). */
    private static final class ExitedEarly extends IllegalStateException {
        ExitedEarly(String message) {
            super(message);
        }
    }

    /** The child JVM, whose descendants (the servers it started) a test can find. */
    ProcessHandle process() {
        return process.toHandle();
    }

    private void awaitReady() {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ping = HttpRequest.newBuilder(baseUri.resolve("/api/ping"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new ExitedEarly(
                        "the Stampede child process exited with " + process.exitValue() + "; its log is " + log);
            }
            try {
                if (client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(Duration.ofMillis(200));
        }
        close();
        throw new IllegalStateException("the Stampede child process did not answer within " + START_TIMEOUT.toSeconds()
                + "s; its log is " + log);
    }

    /** A loopback port that was free a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    /** Kills the service at once (SIGKILL, as {@code kill -9}): a crash, with no shutdown of any kind. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills this service ({@link #kill}) and starts it again on the same port with the same settings. */
    ChildProcessInstance killAndRestart() {
        kill();
        return serve(baseUri.getPort(), settings);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
