package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Admission control on, each endpoint's limit held at one write in flight, a backlog of one write waiting at most
 * {@link #MAX_WAIT}. The one purchase let in is held on its SKU's row lock, which the test takes first (a {@code
 * pessimistic} SKU): a load controlled by a lock, not by timing. The waiting purchase goes through Tomcat's
 * asynchronous processing and comes back as an asynchronous dispatch when admitted.
 */
@TestPropertySource(
        properties = {
            "stampede.admission.enabled=true",
            "stampede.admission.initial-limit=1",
            "stampede.admission.min-limit=1",
            "stampede.admission.max-limit=1",
            "stampede.admission.purchase-limit=1",
            "stampede.admission.max-wait=3s",
            "stampede.admission.backlog=1",
            "stampede.strategies.lock-timeout=120s"
        })
class AdmissionControlApiTest extends ApiTest {

    private static final String MAX_WAIT = "3.0";
    private static final String HALF_MAX_WAIT = "1.5";
    private static final Pattern SHEDS =
            Pattern.compile("(?m)^stampede_admission_sheds_total\\{[^}]*partition=\"purchases\"[^}]*} (\\S+)$");
    private static final Pattern SHED_WAITS = Pattern.compile(
            "(?m)^stampede_admission_wait_seconds_count\\{[^}]*outcome=\"shed\"[^}]*partition=\"purchases\"[^}]*} (\\S+)$");
    private static final Pattern SHED_AT_ONCE =
            Pattern.compile("(?m)^stampede_admission_wait_seconds_bucket\\{" + "(?=[^}]*le=\"" + HALF_MAX_WAIT
                    + "\")(?=[^}]*outcome=\"shed\")(?=[^}]*partition=\"purchases\")[^}]*} (\\S+)$");
    private static final Pattern WAITING =
            Pattern.compile("(?m)^stampede_admission_backlog\\{[^}]*partition=\"purchases\"[^}]*} (\\S+)$");

    @Test
    void aWriteOverTheLimitWaitsAndIsAdmittedWhenAPermitIsReleasedOneMoreIsShedAtOnceChangingNothing()
            throws Exception {
        String held = newSku(5, "pessimistic");
        String other = newSku(5, "conditional");
        double shedBefore = sheds();
        double shedWaitsBefore = scraped(SHED_WAITS);
        CompletableFuture<Reply> inFlight;
        CompletableFuture<Reply> waiting;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lockRow(lock, held);
            inFlight = sendAsync(purchaseRequest(held, "first"));
            await().atMost(Duration.ofSeconds(60)).until(() -> waitingOnALock() > 0);
            waiting = sendAsync(purchaseRequest(other, "waiting"));
            await().atMost(Duration.ofSeconds(60)).until(() -> scraped(WAITING) == 1);

            Reply shed = purchase(other, "second", 1).isProblem(503, "busy");
            assertThat(shed.header("Retry-After")).isEqualTo("1");
            assertThat(audit(other).path("stock").asInt()).isEqualTo(5);
            assertThat(get("/api/skus/" + other).status()).isEqualTo(200);
            assertThat(get("/api/skus/" + held + "/audit").status()).isEqualTo(200);
            String account = "admitted-" + java.util.UUID.randomUUID();
            openAccount(account, 10);
            assertThat(inFlight).isNotDone();
            assertThat(waiting).isNotDone();

            lock.commit();
        }

        assertThat(inFlight.get().status()).isEqualTo(201);
        assertThat(waiting.get().status())
                .as("the waiting purchase is admitted and served when the first gives its permit back")
                .isEqualTo(201);
        assertThat(audit(other).path("stock").asInt()).isEqualTo(4);
        assertThat(sheds()).isEqualTo(shedBefore + 1);
        assertThat(scraped(SHED_WAITS))
                .as("every shed purchase's wait for a permit is timed")
                .isEqualTo(shedWaitsBefore + 1);
    }

    @Test
    void aWriteStillWaitingAtMaxWaitIsShedWhileThePurchaseInFlightGoesOn() throws Exception {
        String held = newSku(5, "pessimistic");
        String other = newSku(5, "conditional");
        double shedAtOnceBefore = scraped(SHED_AT_ONCE);
        double shedWaitsBefore = scraped(SHED_WAITS);
        CompletableFuture<Reply> inFlight;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lockRow(lock, held);
            inFlight = sendAsync(purchaseRequest(held, "first"));
            await().atMost(Duration.ofSeconds(60)).until(() -> waitingOnALock() > 0 && scraped(WAITING) == 0);

            Reply late = sendAsync(purchaseRequest(other, "late")).get().isProblem(503, "busy");

            assertThat(late.header("Retry-After")).isEqualTo("1");
            assertThat(inFlight).isNotDone();
            lock.commit();
        }

        assertThat(inFlight.get().status()).isEqualTo(201);
        assertThat(audit(other).path("stock").asInt()).isEqualTo(5);
        assertThat(scraped(SHED_WAITS)).isEqualTo(shedWaitsBefore + 1);
        assertThat(scraped(SHED_AT_ONCE))
                .as("it was shed after waiting (longer than half of max-wait, " + MAX_WAIT + " s), not at once")
                .isEqualTo(shedAtOnceBefore);
    }

    private java.net.http.HttpRequest purchaseRequest(String sku, String buyer) {
        return request("/api/skus/" + sku + "/purchases")
                .header("Content-Type", JSON)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"buyerId\":\"" + buyer + "\",\"quantity\":1}"))
                .build();
    }

    private static void lockRow(Connection connection, String sku) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM skus WHERE id = ? FOR UPDATE")) {
            select.setString(1, sku);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
            }
        }
    }

    /** Sessions of the service's database waiting for a lock now. */
    private int waitingOnALock() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private double sheds() {
        return scraped(SHEDS);
    }

    private double scraped(Pattern series) {
        Matcher line = series.matcher(get("/actuator/prometheus").raw().body());
        assertThat(line.find())
                .as("the purchases series exists while admission control is on")
                .isTrue();
        return Double.parseDouble(line.group(1));
    }
}
