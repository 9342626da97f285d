package dev.stampede.bench.service;

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
 * The service in a child JVM started from the same jar (or class path), so that the bench's connections and the
 * service's connections do not share one process's file-descriptor limit. Its log goes to a temporary file.
 */
final class ChildProcessInstance implements ServiceInstance {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String MAIN_CLASS = "dev.stampede.cli.StampedeCommand";
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final URI baseUri;
    private final Path log;

    private ChildProcessInstance(Process process, URI baseUri, Path log) {
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
    }

    /**
     * Starts a child on a port that is free now. Another process may take that port in the seconds before the child
     * binds it (any outgoing connection can); a child that exits before it answers is therefore started again on
     * another port, at most {@value #START_ATTEMPTS} times in all.
     */
    static ChildProcessInstance start(String jdbcUrl, String user, String adminToken, List<String> properties) {
        List<String> arguments = new ArrayList<>(
                List.of("--db=" + jdbcUrl, "--db-user=" + user, "--admin-token=" + adminToken, "--allow-unsafe"));
        properties.forEach(property -> arguments.add("--property=" + property));
        for (int attempt = 1; ; attempt++) {
            try {
                return serve(freePort(), arguments);
            } catch (ExitedEarly e) {
                if (attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Runs {@code stampede serve --port=port arguments...} in a child JVM and waits until it answers. */
    static ChildProcessInstance serve(int port, List<String> arguments) {
        try {
            Path log = Files.createTempFile("stampede-service-", ".log");
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            String classPath = System.getProperty("java.class.path");
            if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
                command.addAll(List.of("-jar", classPath));
            } else {
                command.addAll(List.of("-cp", classPath, MAIN_CLASS));
            }
            command.addAll(List.of("serve", "--port=" + port));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ChildProcessInstance instance =
                    new ChildProcessInstance(process, URI.create("http://127.0.0.1:" + port), log);
            instance.awaitReady();
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a Stampede child process", e);
        }
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
