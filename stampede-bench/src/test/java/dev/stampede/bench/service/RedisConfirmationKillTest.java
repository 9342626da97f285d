package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.devservers.EmbeddedPostgresServer;
import dev.stampede.devservers.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The drill of issue 11, items 1 and 9: a service (a child JVM) is killed with {@code kill -9} while dozens of
 * {@code redis} seat confirmations are between their claim in Redis and their commit in PostgreSQL (a trigger in this
 * test's database makes each booking row take 250 ms, and the service has 4 database connections, so the kill finds
 * bookings committed, being written, and waiting for a connection). A second service on the same PostgreSQL and Redis
 * then takes every confirmation the first did not answer, retried with the same request: each answers definitively —
 * booked if its booking committed or the retry wrote it (before the claim's deadline), expired if not (after the
 * deadline, when PostgreSQL decides) — and those expired seats are bookable again. Nothing acknowledged is lost, no
 * seat is booked twice, and the show's audit passes.
 */
class RedisConfirmationKillTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN_TOKEN = "kill-drill-admin-token";
    private static final int ROWS = 4;
    private static final int SEATS_PER_ROW = 12;
    private static final String SHOW = "kill-drill";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest(name = "confirm deadline {0}")
    @ValueSource(strings = {"120s", "3s"})
    void killingTheServiceMidConfirmationsStrandsNoSeatAndEveryRetryAnswersDefinitively(String deadline)
            throws Exception {
        boolean retriedBeforeDeadline = deadline.equals("120s");
        Path data = Files.createTempDirectory("stampede-kill-drill");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0);
                EmbeddedRedisServer redisServer = EmbeddedRedisServer.start(0)) {
            RedisClient redisClient = RedisClient.create(redisServer.url());
            try (StatefulRedisConnection<String, String> redisConnection = redisClient.connect()) {
                RedisCommands<String, String> redis = redisConnection.sync();
                List<String> properties = List.of(
                        "stampede.redis.url=" + redisServer.url(),
                        "stampede.redis.confirm-deadline=" + deadline,
                        "stampede.db.pool-size=4");

                ChildProcessInstance first =
                        ChildProcessInstance.start(postgres.jdbcUrl(), postgres.user(), ADMIN_TOKEN, properties);
                List<Hold> holds;
                List<CompletableFuture<HttpResponse<String>>> confirmations;
                long claimsAtKill;
                try {
                    slowEveryBookingRow(postgres);
                    new StampedeClient(first.baseUri(), ADMIN_TOKEN).createShow(SHOW, "redis", ROWS, SEATS_PER_ROW);
                    holds = holdEverySeatInPairs(first.baseUri());
                    confirmations = holds.stream()
                            .map(hold -> confirmAsync(first.baseUri(), hold))
                            .toList();
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(10))
                            .until(() ->
                                    answered(confirmations) >= 3 && redis.zcard("stampede:{holds}:confirming") >= 3);
                    claimsAtKill = redis.zcard("stampede:{holds}:confirming");
                    first.kill();
                } finally {
                    first.close();
                }

                Map<Integer, Integer> beforeKill = new TreeMap<>();
                List<Hold> acknowledged = new ArrayList<>();
                List<Hold> unanswered = new ArrayList<>();
                for (int i = 0; i < holds.size(); i++) {
                    Integer status = statusOf(confirmations.get(i));
                    if (status == null) {
                        unanswered.add(holds.get(i));
                    } else {
                        beforeKill.merge(status, 1, Integer::sum);
                        if (status == 201) {
                            acknowledged.add(holds.get(i));
                        }
                    }
                }
                assertThat(beforeKill.keySet()).as("answers before the kill").containsOnly(201);
                assertThat(unanswered).as("confirmations cut off by the kill").isNotEmpty();
                if (!retriedBeforeDeadline) {
                    await().atMost(Duration.ofSeconds(60))
                            .until(
                                    () -> redis
                                            .zrangebyscoreWithScores("stampede:{holds}:confirming", 0, Double.MAX_VALUE)
                                            .stream()
                                            .allMatch(claim -> claim.getScore() < System.currentTimeMillis()));
                }

                try (ChildProcessInstance second =
                        ChildProcessInstance.start(postgres.jdbcUrl(), postgres.user(), ADMIN_TOKEN, properties)) {
                    URI base = second.baseUri();
                    Map<Integer, Integer> retried = new TreeMap<>();
                    List<Hold> expired = new ArrayList<>();
                    for (Hold hold : unanswered) {
                        HttpResponse<String> answer = confirmUntilDefinitive(base, hold);
                        retried.merge(answer.statusCode(), 1, Integer::sum);
                        if (answer.statusCode() == 410) {
                            expired.add(hold);
                        }
                    }
                    int rebooked = 0;
                    for (Hold lapsed : expired) {
                        Hold again = hold(base, lapsed.seats(), lapsed.holder() + "-again");
                        assertThat(confirmUntilDefinitive(base, again).statusCode())
                                .isEqualTo(201);
                        rebooked++;
                    }
                    int lost = 0;
                    for (Hold hold : acknowledged) {
                        HttpResponse<String> replay = confirmUntilDefinitive(base, hold);
                        if (replay.statusCode() != 200 || !seatsOf(replay).equals(Set.copyOf(hold.seats()))) {
                            lost++;
                        }
                    }
                    JsonNode audit = new StampedeClient(base, ADMIN_TOKEN).showAudit(SHOW);
                    System.out.printf(
                            "kill -9 mid-confirmations (deadline %s): %d confirmations sent, %d acknowledged before the"
                                    + " kill, %d unanswered (%d claims in Redis at the kill); retries answered %s;"
                                    + " %d lapsed holds re-booked; %d acknowledged lost; %d seats booked twice; audit %s%n",
                            deadline,
                            holds.size(),
                            acknowledged.size(),
                            unanswered.size(),
                            claimsAtKill,
                            retried,
                            rebooked,
                            lost,
                            audit.path("doubleBooked").size(),
                            audit);

                    assertThat(lost).as("acknowledged bookings lost").isZero();
                    assertThat(retried.keySet())
                            .as("retried confirmations answer definitively")
                            .isSubsetOf(retriedBeforeDeadline ? List.of(200, 201) : List.of(200, 410));
                    assertThat(audit.path("passed").asBoolean())
                            .as(audit.toString())
                            .isTrue();
                    assertThat(audit.path("booked").asInt()).isEqualTo(ROWS * SEATS_PER_ROW);
                    assertThat(audit.path("bookingRows").asInt()).isEqualTo(ROWS * SEATS_PER_ROW);
                    assertThat(audit.path("held").asInt()).isZero();
                }
            } finally {
                redisClient.shutdown();
            }
        } finally {
            deleteQuietly(data);
        }
    }

    /** A granted hold and the request that confirms it. */
    private record Hold(String holdId, String holder, long fence, List<String> seats) {}

    private List<Hold> holdEverySeatInPairs(URI base) {
        List<Hold> holds = new ArrayList<>();
        for (char row = 'A'; row < 'A' + ROWS; row++) {
            for (int number = 1; number < SEATS_PER_ROW; number += 2) {
                List<String> seats = List.of("" + row + number, "" + row + (number + 1));
                holds.add(hold(base, seats, "buyer-" + row + number));
            }
        }
        return holds;
    }

    private Hold hold(URI base, List<String> seats, String holder) {
        HttpResponse<String> held = send(post(
                base,
                "/api/shows/" + SHOW + "/holds",
                Map.of("seatIds", seats, "holderId", holder, "ttlSeconds", 600)));
        assertThat(held.statusCode()).as(held.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(held.body());
        return new Hold(
                body.path("holdId").asString(), holder, body.path("fence").asLong(), seats);
    }

    private CompletableFuture<HttpResponse<String>> confirmAsync(URI base, Hold hold) {
        return http.sendAsync(confirmRequest(base, hold), HttpResponse.BodyHandlers.ofString());
    }

    /** Retries the same confirmation while the answer is 503 busy (after its Retry-After), up to a minute. */
    private HttpResponse<String> confirmUntilDefinitive(URI base, Hold hold) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> send(confirmRequest(base, hold)), answer -> answer.statusCode() != 503);
    }

    private HttpRequest confirmRequest(URI base, Hold hold) {
        return post(
                base,
                "/api/holds/" + hold.holdId() + "/confirm",
                Map.of("holderId", hold.holder(), "fence", hold.fence()));
    }

    private static HttpRequest post(URI base, String path, Map<String, Object> body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> seatsOf(HttpResponse<String> booking) {
        Set<String> seats = new HashSet<>();
        JSON.readTree(booking.body()).path("seats").forEach(seat -> seats.add(seat.asString()));
        return seats;
    }

    private static long answered(List<CompletableFuture<HttpResponse<String>>> confirmations) {
        return confirmations.stream()
                .filter(future -> future.isDone() && !future.isCompletedExceptionally())
                .count();
    }

    /** The status a confirmation was answered with, or null if the kill cut it off. */
    private static Integer statusOf(CompletableFuture<HttpResponse<String>> confirmation) throws InterruptedException {
        try {
            return confirmation.get(30, TimeUnit.SECONDS).statusCode();
        } catch (ExecutionException e) {
            return null;
        } catch (TimeoutException e) {
            throw new AssertionError("a confirmation neither answered nor failed after the kill", e);
        }
    }

    /** A trigger in this test's database makes every booking row take 250 ms, inside the booking transaction. */
    private static void slowEveryBookingRow(EmbeddedPostgresServer postgres) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE FUNCTION drill_slow_booking() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN PERFORM pg_sleep(0.25); RETURN NEW; END $$");
            statement.execute("CREATE TRIGGER drill_slow_booking BEFORE INSERT ON bookings"
                    + " FOR EACH ROW EXECUTE FUNCTION drill_slow_booking()");
        }
    }

    private static void deleteQuietly(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
