package dev.stampede.devservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One etcd process of a {@link LocalEtcdCluster}: its name, loopback ports and data directory stay the same across
 * restarts, so a restarted member rejoins from its own write-ahead log. The process ends with the JVM that started it,
 * even when that JVM is killed with -9 (a {@link Lifeline} sends it SIGTERM).
 */
final class EtcdMember {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final String name;
    private final int clientPort;
    private final int peerPort;
    private final Path dataDir;
    private final Path log;
    private final HttpClient http;
    private Process process;
    private Lifeline lifeline;

    EtcdMember(String name, int clientPort, int peerPort, Path directory) {
        this.name = name;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.dataDir = directory.resolve(name);
        this.log = directory.resolve(name + ".log");
        this.http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    }

    String name() {
        return name;
    }

    String clientUrl() {
        return "http://127.0.0.1:" + clientPort;
    }

    String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** True if the process was started and ended without being stopped (a crash or a refused start). */
    synchronized boolean hasExited() {
        return process != null && !process.isAlive();
    }

    /** Starts the process (appending to its log); {@code initialCluster} is only read on the member's first start. */
    synchronized void start(Path binary, String initialCluster, String clusterToken) {
        if (isRunning()) {
            throw new IllegalStateException("etcd member " + name + " is already running");
        }
        List<String> command = List.of(
                binary.toString(),
                "--name=" + name,
                "--data-dir=" + dataDir,
                "--listen-client-urls=" + clientUrl(),
                "--advertise-client-urls=" + clientUrl(),
                "--listen-peer-urls=" + peerUrl(),
                "--initial-advertise-peer-urls=" + peerUrl(),
                "--initial-cluster=" + initialCluster,
                "--initial-cluster-token=" + clusterToken,
                "--initial-cluster-state=new");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // etcd refuses to start when an ETCD_* variable shadows a flag: the flags above are the whole configuration.
        builder.environment().keySet().removeIf(variable -> variable.startsWith("ETCD_"));
        try {
            process = builder.start();
            lifeline = Lifeline.watch(process.pid(), Lifeline.Signal.TERM);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary + " for etcd member " + name, e);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after a grace period) and waits for it to end. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        ServerProcesses.stop(process, STOP_TIMEOUT);
        lifeline.close();
        process = null;
    }

    /** True when the member has a leader and can serve a read (etcd's own health check). */
    boolean isHealthy() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(clientUrl() + "/health"))
                .timeout(PROBE_TIMEOUT)
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the member's log, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }
}
