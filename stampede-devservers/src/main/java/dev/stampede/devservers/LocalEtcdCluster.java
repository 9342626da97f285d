package dev.stampede.devservers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A three-member etcd cluster on this machine, run from the {@code etcd} binary (Debian's {@code etcd-server}): every
 * member listens on 127.0.0.1 only, on free client and peer ports, with its own data directory and log file in a fresh
 * folder. Members can be stopped and started again one by one (same ports, same data) to test faults.
 *
 * <p>{@link #close()} stops the processes this object started (never anything else) and deletes their data; the logs
 * are kept when the caller chose the parent folder, and deleted with the rest in a temporary one.
 */
public final class LocalEtcdCluster implements AutoCloseable {

    /** What to do when there is no etcd binary. */
    public static final String INSTALL_HINT =
            "install Debian's etcd-server (apt-get install etcd-server) or give the path of the etcd binary";

    private static final int SIZE = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Path binary;
    private final Path directory;
    private final boolean temporary;
    private final List<EtcdMember> members;
    private final String initialCluster;
    private final String clusterToken;
    private final Thread shutdownHook;

    private LocalEtcdCluster(Path binary, Path directory, boolean temporary, List<EtcdMember> members) {
        this.binary = binary;
        this.directory = directory;
        this.temporary = temporary;
        this.members = members;
        this.initialCluster =
                members.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
        this.clusterToken = "stampede-" + UUID.randomUUID();
        this.shutdownHook = new Thread(this::stopAll, "stop-local-etcd");
    }

    /**
     * The etcd binary at {@code configured} (a path) when given, else the first {@code etcd} on the {@code PATH}; empty
     * if there is none or it is not executable.
     */
    public static Optional<Path> findBinary(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(Predicate.not(String::isBlank))
                .map(folder -> Path.of(folder, "etcd"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts three members and waits until the cluster is healthy.
     *
     * @param binary the etcd binary's path, or null to take {@code etcd} from the {@code PATH}
     * @param parent the folder to create the cluster's folder in, or null for a temporary folder
     * @throws IllegalStateException if there is no etcd binary or the cluster does not become healthy
     */
    public static LocalEtcdCluster start(String binary, Path parent) {
        Path executable = findBinary(binary)
                .orElseThrow(() -> new IllegalStateException((binary == null || binary.isBlank()
                                ? "no etcd binary on the PATH"
                                : "no executable etcd binary at " + binary)
                        + ": " + INSTALL_HINT));
        LocalEtcdCluster cluster = create(executable, parent);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            for (int i = 0; i < SIZE; i++) {
                cluster.start(i);
            }
            cluster.awaitHealthy();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static LocalEtcdCluster create(Path binary, Path parent) {
        try {
            Path directory = parent == null
                    ? Files.createTempDirectory("stampede-etcd-")
                    : Files.createTempDirectory(Files.createDirectories(parent), "etcd-");
            List<Integer> ports = freePorts(2 * SIZE);
            List<EtcdMember> members = new ArrayList<>();
            for (int i = 0; i < SIZE; i++) {
                members.add(new EtcdMember("member" + i, ports.get(2 * i), ports.get(2 * i + 1), directory));
            }
            return new LocalEtcdCluster(binary, directory, parent == null, List.copyOf(members));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a local etcd cluster", e);
        }
    }

    /** The client URLs of all members, running or not ({@code http://127.0.0.1:port}). */
    public List<String> endpoints() {
        return members.stream().map(EtcdMember::clientUrl).toList();
    }

    /** How many members the cluster has. */
    public int size() {
        return members.size();
    }

    /** The folder holding the members' data directories and logs. */
    public Path directory() {
        return directory;
    }

    /** Stops member {@code index} and waits until its process has ended. */
    public void stop(int index) {
        members.get(index).stop();
    }

    /**
     * Starts member {@code index} (again, with its ports and data) without waiting: a member serves once a majority
     * runs, so start the ones you need, then {@link #awaitHealthy()}.
     */
    public void start(int index) {
        members.get(index).start(binary, initialCluster, clusterToken);
    }

    /**
     * Waits until every running member has a leader and serves reads.
     *
     * @throws IllegalStateException if a member exited, or the members are not healthy within a minute
     */
    public void awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!members.stream().filter(EtcdMember::isRunning).allMatch(EtcdMember::isHealthy)) {
            Optional<EtcdMember> failed =
                    members.stream().filter(EtcdMember::hasExited).findFirst();
            if (failed.isPresent() || System.nanoTime() > deadline) {
                EtcdMember shown = failed.orElse(members.getFirst());
                throw new IllegalStateException("local etcd did not become healthy"
                        + (failed.isPresent()
                                ? ": " + shown.name() + " exited"
                                : " within " + START_TIMEOUT.toSeconds() + " s")
                        + "; logs in " + directory + "; last lines of " + shown.log() + ":\n" + shown.logTail());
            }
            sleep();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it stops the members
        }
        stopAll();
        if (temporary) {
            delete(directory);
        } else {
            members.forEach(member -> delete(member.dataDir()));
        }
    }

    private void stopAll() {
        members.forEach(EtcdMember::stop);
    }

    static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for local etcd", e);
        }
    }
}
