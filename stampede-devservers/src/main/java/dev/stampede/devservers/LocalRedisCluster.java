package dev.stampede.devservers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A Redis Cluster on this machine: six {@code redis-server} processes (Debian's {@code redis-server}) on consecutive
 * loopback ports, three masters and one replica of each, formed by {@code redis-cli --cluster create … --cluster-replicas
 * 1} (Debian's {@code redis-tools}). Each node also listens on its port + 10000 for the cluster bus, as Redis Cluster
 * requires. No persistence (no RDB, no AOF): a node restarted comes back empty and joins as a replica.
 *
 * <p>{@link #close()} stops the processes this object started, by their process ids (SIGTERM, then SIGKILL), and
 * deletes their folder; a {@link Lifeline} per node stops them when the JVM that started them dies, even by
 * {@code kill -9}.
 */
public final class LocalRedisCluster implements AutoCloseable {

    /** What to do when there is no redis-server or redis-cli. */
    public static final String INSTALL_HINT =
            "install Debian's redis-server and redis-tools (apt-get install" + " redis-server redis-tools)";

    /** Nodes of the default cluster: three masters and their three replicas. */
    public static final int NODES = 6;

    /** Most masters {@link #start(int, int)} starts. */
    public static final int MAX_MASTERS = 10;

    private static final int BUS_OFFSET = 10_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Path directory;
    private final Path cli;
    private final List<Integer> ports;
    private final List<Process> processes = new ArrayList<>();
    private final List<Lifeline> lifelines = new ArrayList<>();

    private LocalRedisCluster(Path directory, Path cli, List<Integer> ports) {
        this.directory = directory;
        this.cli = cli;
        this.ports = List.copyOf(ports);
    }

    /** {@code redis-server} and {@code redis-cli} from the {@code PATH}; empty unless both are there. */
    public static Optional<List<Path>> findBinaries() {
        Optional<Path> server = onPath("redis-server");
        Optional<Path> cli = onPath("redis-cli");
        return server.isPresent() && cli.isPresent() ? Optional.of(List.of(server.get(), cli.get())) : Optional.empty();
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(Predicate.not(String::isBlank))
                .map(folder -> Path.of(folder, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts six nodes on ports {@code firstPort} to {@code firstPort + 5} (buses 10000 above), forms the cluster and
     * waits until every node reports {@code cluster_state:ok}.
     *
     * @param firstPort the first node's port, or 0 for six consecutive ports that are free now, buses included
     * @throws IllegalStateException if a binary is missing, a node exits, or the cluster is not ok within 60 s
     */
    public static LocalRedisCluster start(int firstPort) {
        return start(firstPort, NODES / 2);
    }

    /**
     * Starts {@code masters} masters and one replica of each on ports {@code firstPort} to {@code firstPort + 2 ×
     * masters - 1} (buses 10000 above), forms the cluster and waits until every node reports {@code cluster_state:ok}.
     * The first {@code masters} ports are the masters, the {@code i}-th of them serving the {@code i}-th of {@code
     * masters} equal ranges of the hash slots ({@code redis-cli --cluster create}); which master each replica follows
     * is {@code redis-cli}'s choice ({@code CLUSTER NODES} says).
     *
     * @param firstPort the first node's port, or 0 for consecutive ports that are free now, buses included
     * @param masters 3 to {@value #MAX_MASTERS} (Redis Cluster needs three masters at least)
     * @throws IllegalStateException if a binary is missing, a node exits, or the cluster is not ok within 60 s
     */
    public static LocalRedisCluster start(int firstPort, int masters) {
        if (masters < 3 || masters > MAX_MASTERS) {
            throw new IllegalArgumentException(
                    "a local Redis Cluster has 3 to " + MAX_MASTERS + " masters, not " + masters);
        }
        List<Path> binaries = findBinaries()
                .orElseThrow(() -> new IllegalStateException("no redis-server or redis-cli: " + INSTALL_HINT));
        int nodes = 2 * masters;
        int first = firstPort == 0 ? freeRun(nodes) : firstPort;
        List<Integer> ports = IntStream.range(first, first + nodes).boxed().toList();
        LocalRedisCluster cluster;
        try {
            cluster =
                    new LocalRedisCluster(Files.createTempDirectory("stampede-redis-cluster-"), binaries.get(1), ports);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (int port : ports) {
                cluster.startNode(binaries.get(0), port);
            }
            cluster.create();
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The nodes as {@code 127.0.0.1:port}, comma-separated: what {@code --redis-cluster} takes. */
    public String nodes() {
        return String.join(",", ports.stream().map(port -> "127.0.0.1:" + port).toList());
    }

    /** The nodes' ports, in start order. */
    public List<Integer> ports() {
        return ports;
    }

    /**
     * The first hash slot served by each node's master, by node port (a master's own first slot; a replica's its
     * master's), as {@code CLUSTER NODES} says now: which of the slot ranges a node serves, e.g. to place it in a region.
     */
    public Map<Integer, Integer> firstSlotOfMaster() {
        List<String[]> nodes = cli(ports.getFirst(), "CLUSTER", "NODES")
                .lines()
                .map(line -> line.split(" "))
                .toList();
        Map<String, Integer> firstSlotById = new HashMap<>();
        for (String[] node : nodes) {
            if (node[2].contains("master") && node.length > 8) {
                firstSlotById.put(node[0], Integer.parseInt(node[8].split("-")[0]));
            }
        }
        Map<Integer, Integer> firstSlots = new HashMap<>();
        for (String[] node : nodes) {
            Integer slot = firstSlotById.getOrDefault(node[0], firstSlotById.get(node[3]));
            if (slot != null) {
                firstSlots.put(Integer.parseInt(node[1].replaceAll("@.*", "").replaceAll(".*:", "")), slot);
            }
        }
        return Map.copyOf(firstSlots);
    }

    /** The process id of the node on {@code port}, for a test that kills it. */
    public long pid(int port) {
        return processes.get(ports.indexOf(port)).pid();
    }

    /**
     * What {@code redis-cli -p port args…} prints, for tests and for the start-up's own checks.
     *
     * @throws IllegalStateException if redis-cli fails
     */
    public String cli(int port, String... args) {
        List<String> command =
                new ArrayList<>(List.of(cli.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    private void startNode(Path server, int port) {
        Path folder = directory.resolve(Integer.toString(port));
        try {
            Files.createDirectories(folder);
            Process process = new ProcessBuilder(
                            server.toString(),
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--dir",
                            folder.toString(),
                            "--cluster-enabled",
                            "yes",
                            "--cluster-config-file",
                            folder.resolve("nodes.conf").toString(),
                            "--cluster-node-timeout",
                            "2000",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--maxmemory-policy",
                            "noeviction")
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("redis.log").toFile())
                    .start();
            processes.add(process);
            lifelines.add(Lifeline.watch(process.pid(), Lifeline.Signal.TERM));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server on port " + port, e);
        }
        awaitAnswer(port);
    }

    private void awaitAnswer(int port) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            assertRunning();
            try {
                if (cli(port, "PING").strip().equals("PONG")) {
                    return;
                }
            } catch (IllegalStateException e) {
                // not listening yet
            }
            sleep();
        }
        throw new IllegalStateException(
                "redis-server on port " + port + " did not answer within " + START_TIMEOUT.toSeconds() + "s");
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        ports.forEach(port -> command.add("127.0.0.1:" + port));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        run(command);
    }

    /**
     * Waits until every node says {@code cluster_state:ok} and sees all 16384 slots served, and every replica has
     * synchronized with its master: a replica that never did refuses to take over when its master dies (its data
     * counts as too old: Redis's {@code cluster-replica-validity-factor}).
     */
    private void awaitOk() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            assertRunning();
            boolean ok = true;
            for (int port : ports) {
                last = cli(port, "CLUSTER", "INFO");
                ok &= last.contains("cluster_state:ok") && last.contains("cluster_slots_ok:16384");
                String replication = cli(port, "INFO", "replication");
                ok &= !replication.contains("role:slave") || replication.contains("master_link_status:up");
            }
            if (ok) {
                return;
            }
            sleep();
        }
        throw new IllegalStateException("the Redis Cluster was not ok within " + START_TIMEOUT.toSeconds() + "s: "
                + last.lines().limit(3).toList());
    }

    private void assertRunning() {
        for (int i = 0; i < processes.size(); i++) {
            if (!processes.get(i).isAlive()) {
                throw new IllegalStateException("redis-server on port " + ports.get(i) + " exited; its log is "
                        + directory.resolve(ports.get(i) + "/redis.log"));
            }
        }
    }

    private static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A first port such that it, the {@code nodes - 1} after it, and their bus ports are all free now: drawn from 12000–22499, so
     * that the buses (22000–32504) stay below the range the system hands out for outgoing connections (32768 up).
     */
    private static int freeRun(int nodes) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(12_000, 22_500);
            if (IntStream.range(first, first + nodes).allMatch(port -> isFree(port) && isFree(port + BUS_OFFSET))) {
                return first;
            }
        }
        throw new IllegalStateException("found no run of " + nodes + " free loopback ports with free bus ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Redis Cluster", e);
        }
    }

    /** Stops every node by its process id and deletes the cluster's folder. */
    @Override
    public void close() {
        processes.forEach(process -> ServerProcesses.stop(process, STOP_TIMEOUT));
        lifelines.forEach(Lifeline::close);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
