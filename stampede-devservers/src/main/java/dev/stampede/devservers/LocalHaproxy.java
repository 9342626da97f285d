package dev.stampede.devservers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An HTTP load balancer in front of servers on this machine: Debian's {@code haproxy} run in the foreground from a
 * generated configuration, listening on 127.0.0.1 only. It balances by least connections (a new request goes to the
 * server with the fewest open ones), keeps connections alive on both sides, and checks every server's health with
 * {@code GET healthPath} every {@value #CHECK_INTERVAL_SECONDS} s (down after two failed checks, up again after one
 * good one), so that a server that stops answering gets no new requests.
 *
 * <p>A check may take {@value #CHECK_INTERVAL_SECONDS} s to connect and 5 s more to be answered: HAProxy gives a
 * check's connect the smaller of {@code timeout connect} and the interval, its answer {@code timeout check}. A
 * one-second interval was too short on a machine shared with a flash sale: when 10,000 buyers arrived at once, the
 * balancer (by all appearances busy itself) let its checks time out, marked all three instances down in the same
 * second with the same check duration ({@code L4TOUT} and {@code L7TOUT} at 1,522 and 2,399 ms, while the instances
 * answered a direct check within 2.3 s), and answered 587 to 5,964 of 10,000 buyers 503 in 4 of 6 runs of a {@code
 * tokens} sale (docs/performance.md, "Behind HAProxy, every buyer reaches an instance").
 *
 * <p>And when every server is marked down at once the balancer goes on sending requests to all of them, not 503
 * busy: each server is listed a second time as an unchecked {@code backup} ({@link #panicServerName(int)}), and HAProxy
 * sends to backups (all of them, by least connections: {@code option allbackups}) only while no checked server is up.
 * This is Envoy's <em>panic routing</em> (a cluster's hosts are all used when too few of them pass their checks): in a
 * layout of identical instances, all of them failing their checks together says more about the checks than about the
 * instances. A server that is really gone refuses the connect, which is tried again on another ({@code retries 3},
 * {@code option redispatch}); a request is answered 503 only when every try failed. {@link BalancerCounters} counts the
 * requests answered that way. On loopback a gone instance refuses at once; across a network a dead host may not answer
 * at all, and each try then waits for {@code timeout connect}.
 *
 * <p>An idle client connection is closed after 2 s. {@link #serverStates()} reads HAProxy's own view of the servers,
 * and {@link #counters()} what it answered of its own, through its administrative socket ({@code show stat}).
 *
 * <p>The process ends with {@link #close()} (SIGTERM to its process id, then SIGKILL after a grace period) or with the
 * JVM that started it, even when that JVM is killed with -9 (a {@link Lifeline}). The configuration, socket and log
 * live in a fresh temporary folder, deleted on close.
 */
public final class LocalHaproxy implements AutoCloseable {

    /** What to do when there is no haproxy binary. */
    public static final String INSTALL_HINT = "install Debian's haproxy (apt-get install haproxy)";

    private static final String FRONTEND = "stampede";
    private static final String BACKEND = "instances";
    private static final int MAX_CONNECTIONS = 40_000;
    /** Descriptors HAProxy needs besides the connections: listeners, health checks, the socket, logs. */
    private static final int RESERVED_DESCRIPTORS = 200;

    /** Seconds between two health checks of a server, and the longest a check's connect may take. */
    private static final int CHECK_INTERVAL_SECONDS = 3;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Process process;
    private final Lifeline lifeline;
    private final Path directory;
    private final int port;

    private LocalHaproxy(Process process, Lifeline lifeline, Path directory, int port) {
        this.process = process;
        this.lifeline = lifeline;
        this.directory = directory;
        this.port = port;
    }

    /** The first {@code haproxy} on the {@code PATH} (Debian installs it in {@code /usr/sbin}); empty if none. */
    public static Optional<Path> findBinary() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
        return Stream.of(path.split(File.pathSeparator))
                .filter(Predicate.not(String::isBlank))
                .map(folder -> Path.of(folder, "haproxy"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts HAProxy on a free loopback port in front of {@code servers} (their {@code http://host:port} addresses) and
     * waits until it has found every one of them healthy.
     *
     * @param healthPath the path each server answers 2xx on while it can serve ({@code /actuator/health/readiness})
     * @param timeout how long the balancer waits for a server's answer (and a client's next request) before it
     *     gives up on that connection; longer than the slowest answer the servers may give
     * @throws IllegalStateException if there is no haproxy binary, or it exits, or a server is not found healthy
     *     within 30 s
     */
    public static LocalHaproxy start(List<URI> servers, String healthPath, Duration timeout) {
        Path binary = findBinary().orElseThrow(() -> new IllegalStateException("no haproxy binary: " + INSTALL_HINT));
        int port = LoopbackPorts.free();
        Path directory;
        Process process;
        try {
            directory = Files.createTempDirectory("stampede-haproxy-");
            Path config = directory.resolve("haproxy.cfg");
            ErrorAnswers errors = ErrorAnswers.writeTo(directory);
            Files.writeString(
                    config, configuration(port, servers, healthPath, timeout, directory.resolve("admin.sock"), errors));
            // -db: stay in the foreground, so that the process started here is the one serving (and the one stopped)
            process = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("haproxy.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start haproxy", e);
        }
        LocalHaproxy haproxy =
                new LocalHaproxy(process, Lifeline.watch(process.pid(), Lifeline.Signal.TERM), directory, port);
        try {
            haproxy.awaitServersUp(servers.size());
            return haproxy;
        } catch (RuntimeException e) {
            haproxy.close();
            throw e;
        }
    }

    /**
     * The configuration: HTTP mode, least connections, keep-alive with the clients and the servers, health checks,
     * connection limits high enough for a flash sale's thousands of simultaneous buyers, a connection refused by a
     * server tried again on another (up to 3 times: the request never reached the first), the balancer's own error
     * answers as problems ({@link ErrorAnswers}), and an administrative socket for {@link #serverStates()}.
     */
    private static String configuration(
            int port, List<URI> servers, String healthPath, Duration timeout, Path socket, ErrorAnswers errors) {
        StringBuilder config = new StringBuilder();
        config.append("""
                global
                    maxconn %d
                    stats socket %s mode 600 level admin

                defaults
                    mode http
                    option http-keep-alive
                    timeout connect 5s
                    timeout client %dms
                    timeout server %dms
                    timeout http-keep-alive 2s
                    timeout queue %dms
                    timeout check 5s
                    retries 3
                    option redispatch
                    errorfile 503 %s
                    errorfile 502 %s
                    errorfile 504 %s

                frontend %s
                    bind 127.0.0.1:%d
                    maxconn %d
                    default_backend %s

                backend %s
                    balance leastconn
                    option allbackups
                    option httpchk
                    http-check send meth GET uri %s
                    http-check expect status 200-299
                    default-server inter %ds fall 2 rise 1
                """.formatted(
                        maxConnections(),
                        socket,
                        timeout.toMillis(),
                        timeout.toMillis(),
                        timeout.toMillis(),
                        errors.busy(),
                        errors.outcomeUnknown(),
                        errors.outcomeUnknown(),
                        FRONTEND,
                        port,
                        maxConnections(),
                        BACKEND,
                        BACKEND,
                        healthPath,
                        CHECK_INTERVAL_SECONDS));
        for (int i = 0; i < servers.size(); i++) {
            URI server = servers.get(i);
            config.append("    server %s %s:%d check%n".formatted(serverName(i), server.getHost(), server.getPort()));
        }
        for (int i = 0; i < servers.size(); i++) {
            URI server = servers.get(i);
            config.append(
                    "    server %s %s:%d backup%n".formatted(panicServerName(i), server.getHost(), server.getPort()));
        }
        return config.toString();
    }

    /**
     * Client connections the balancer accepts at once: each takes two file descriptors (the client's and the
     * server's), and HAProxy refuses to start when it cannot have them all, so the limit follows this process's
     * descriptor limit ({@code /proc/self/limits}, inherited by the child; 20,000 here), at most 40,000. Further
     * clients wait in the kernel's accept queue until a connection ends (idle ones are closed after 2 s).
     */
    static int maxConnections() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream()
                    .filter(line -> line.startsWith("Max open files"))
                    .map(line ->
                            line.substring("Max open files".length()).trim().split("\\s+")[0])
                    .filter(limit -> limit.matches("\\d+"))
                    .map(limit -> (int) Math.min(MAX_CONNECTIONS, (Long.parseLong(limit) - RESERVED_DESCRIPTORS) / 2))
                    .findFirst()
                    .orElse(MAX_CONNECTIONS);
        } catch (IOException e) {
            return MAX_CONNECTIONS;
        }
    }

    /** The name of the {@code index}th server (0-based) in the configuration and in {@link #serverStates()}. */
    public static String serverName(int index) {
        return "s" + (index + 1);
    }

    /**
     * The name of the {@code index}th server's unchecked second entry, a {@code backup} that is sent requests only while
     * every checked server is marked down (panic routing); not in {@link #serverStates()}.
     */
    static String panicServerName(int index) {
        return "panic-" + serverName(index);
    }

    /** The address clients send their requests to: {@code http://127.0.0.1:port}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The process id, for a test that stops or signals it. */
    public long pid() {
        return process.pid();
    }

    /**
     * HAProxy's view of each server, by {@link #serverName(int) name}, in configuration order: its health status
     * ({@code UP}, {@code DOWN}, or a transition such as {@code UP 1/2}) and the requests it has been sent.
     *
     * @throws UncheckedIOException if the administrative socket does not answer
     */
    public Map<String, ServerState> serverStates() {
        Map<String, ServerState> states = new LinkedHashMap<>();
        for (Map<String, String> row : stat()) {
            if (isServer(row) && !isPanicServer(row)) {
                states.put(row.get("svname"), new ServerState(row.get("status"), count(row, "stot")));
            }
        }
        return states;
    }

    /**
     * What the balancer did since it started, from its own statistics ({@code show stat}), to tell its answers from the
     * servers': the 5xx answers the clients were sent, the 5xx among them that servers sent, requests given up for want
     * of a server or of a connect to one, retries, redispatches, how often a server was marked down by its health
     * checks, and the requests answered while all of them were (panic routing).
     *
     * @throws UncheckedIOException if the administrative socket does not answer
     */
    public BalancerCounters counters() {
        long answered5xx = 0;
        long servers5xx = 0;
        long givenUpAll = 0;
        long givenUpAfterConnects = 0;
        long retries = 0;
        long redispatches = 0;
        long markedDown = 0;
        long panicRouted = 0;
        for (Map<String, String> row : stat()) {
            if (row.get("pxname").equals(FRONTEND) && row.get("svname").equals("FRONTEND")) {
                answered5xx += count(row, "hrsp_5xx");
            } else if (row.get("pxname").equals(BACKEND) && row.get("svname").equals("BACKEND")) {
                givenUpAll += count(row, "econ");
                retries += count(row, "wretr");
                redispatches += count(row, "wredis");
            } else if (isServer(row)) {
                servers5xx += count(row, "hrsp_5xx");
                givenUpAfterConnects += count(row, "econ");
                markedDown += count(row, "chkdown");
                if (isPanicServer(row)) {
                    panicRouted += count(row, "req_tot");
                }
            }
        }
        return new BalancerCounters(
                answered5xx,
                servers5xx,
                givenUpAfterConnects,
                givenUpAll - givenUpAfterConnects,
                retries,
                redispatches,
                markedDown,
                panicRouted);
    }

    /**
     * The balancer's counters since it started (HAProxy's {@code show stat} fields in brackets). A connect that fails
     * is tried again ({@code retries 3}), on another server when one is up ({@code option redispatch}); only a request
     * whose every try failed, or that found no server free, is given up and answered 503.
     *
     * @param answered5xx 5xx answers sent to clients, the balancer's own and the servers' ({@code hrsp_5xx} of the
     *     frontend)
     * @param servers5xx of those, the answers the servers sent ({@code hrsp_5xx} of the servers): the difference is
     *     the balancer's own (connects that all failed, no server free, a server that closed the connection or did not
     *     answer in time)
     * @param givenUpAfterConnects requests given up after their connects to servers failed or timed out ({@code econ}
     *     of the servers)
     * @param givenUpWithoutServer requests given up with no server to send them to: none free within the queue's
     *     timeout (none up cannot happen while the unchecked backups are there: panic routing) ({@code econ} of the
     *     backend less the servers')
     * @param retriesOnSameServer connects tried again on the same server ({@code wretr})
     * @param redispatches requests sent to another server after a failed connect ({@code wredis})
     * @param serversMarkedDown times a server went from up to down by its health checks ({@code chkdown}, all servers)
     * @param panicRouted requests the servers answered while every server was marked down, through the unchecked
     *     second entries (panic routing: {@code req_tot} of the {@code backup} servers, which HAProxy counts when a
     *     server's answer arrives; one whose connect failed is in {@code givenUpAfterConnects}, one a server took and
     *     never answered in the balancer's 502/504)
     */
    public record BalancerCounters(
            long answered5xx,
            long servers5xx,
            long givenUpAfterConnects,
            long givenUpWithoutServer,
            long retriesOnSameServer,
            long redispatches,
            long serversMarkedDown,
            long panicRouted) {

        /** The 5xx answers the balancer sent of its own: {@code answered5xx} less the servers'. */
        public long balancers5xx() {
            return answered5xx - servers5xx;
        }
    }

    private static boolean isServer(Map<String, String> row) {
        return row.get("pxname").equals(BACKEND) && !row.get("svname").equals("BACKEND");
    }

    private static boolean isPanicServer(Map<String, String> row) {
        return row.get("bck").equals("1");
    }

    private static long count(Map<String, String> row, String field) {
        String value = row.getOrDefault(field, "");
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    /** {@code show stat}: one map per proxy, frontend, backend and server row, by the CSV header's field names. */
    private List<Map<String, String>> stat() {
        List<String> lines =
                ask("show stat").lines().filter(line -> !line.isBlank()).toList();
        String[] header = lines.getFirst().replaceFirst("^# ", "").split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < Math.min(header.length, fields.length); i++) {
                row.put(header[i], fields[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * One server as HAProxy sees it.
     *
     * @param status {@code UP}, {@code DOWN}, or a transition ({@code UP 1/2}: one failed check of the two that mark
     *     it down)
     * @param sessions connections (sessions) the balancer has opened to it so far
     */
    public record ServerState(String status, long sessions) {

        public boolean up() {
            return status.equals("UP");
        }
    }

    private String ask(String command) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(directory.resolve("admin.sock")));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            StringBuilder answer = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                answer.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            return answer.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("haproxy's administrative socket did not answer", e);
        }
    }

    private void awaitServersUp(int servers) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                Map<String, ServerState> states = serverStates();
                if (states.size() == servers && states.values().stream().allMatch(ServerState::up)) {
                    return;
                }
                last = states.toString();
            } catch (UncheckedIOException e) {
                // the socket is not there yet
            }
            sleep(POLL);
        }
        throw new IllegalStateException("haproxy did not find every server healthy within " + START_TIMEOUT.toSeconds()
                + "s (" + last + "): " + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("haproxy.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for haproxy", e);
        }
    }

    /** Stops the process by its id (SIGTERM, then SIGKILL after 10 s) and deletes its folder. */
    @Override
    public void close() {
        try {
            ServerProcesses.stop(process, STOP_TIMEOUT);
        } finally {
            lifeline.close();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
