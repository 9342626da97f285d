package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class HoldApiTest extends ShowsApiTest {

    @Test
    void aShowIsCreatedWithItsSeatMapAllFree() {
        String id = "sections-" + UUID.randomUUID();

        Reply created = createShow(
                "{\"id\":\"%s\",\"name\":\"Gala\",\"strategy\":\"conditional\",\"rows\":2,\"seatsPerRow\":3,\"sections\":[\"stalls\",\"circle\"]}"
                        .formatted(id));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/shows/" + id);
        assertThat(created.json().path("seats").asInt()).isEqualTo(12);
        assertThat(created.json().path("strategy").asString()).isEqualTo("conditional");
        Reply seats = get("/api/shows/" + id + "/seats");
        assertThat(seats.json().path("seats").get(0).path("seatId").asString()).isEqualTo("stalls-A1");
        assertThat(seats.json().path("seats").get(0).path("section").asString()).isEqualTo("stalls");
        assertThat(seats(id, "free")).hasSize(12).contains("circle-B3");
        assertThat(seats(id, "held")).isEmpty();
        assertThat(showAudit(id).path("passed").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"conditional", "pessimistic", "redis"})
    void aHoldIsGrantedWholeThenConfirmedIntoABookingOnce(String strategy) {
        String show = newShow(strategy);

        Reply held = hold(show, "alice", "A2", "A1");

        assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
        String holdId = held.json().path("holdId").asString();
        long fence = held.json().path("fence").asLong();
        assertThat(held.json().path("seats").toString()).isEqualTo("[\"A1\",\"A2\"]");
        assertThat(held.json().path("expiresAt").asString()).isNotBlank();
        assertThat(fence).isPositive();
        assertThat(seats(show, "held")).containsExactly("A1", "A2");

        Reply booked = confirm(holdId, "alice", fence);
        Reply replay = confirm(holdId, "alice", fence);

        assertThat(booked.status()).isEqualTo(201);
        assertThat(booked.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(booked.json().path("seats").toString()).isEqualTo("[\"A1\",\"A2\"]");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json()).isEqualTo(booked.json());
        assertThat(seats(show, "booked")).containsExactly("A1", "A2");
        JsonNode audit = showAudit(show);
        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("booked").asInt()).isEqualTo(2);
        assertThat(audit.path("bookingRows").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conditional", "pessimistic", "redis"})
    void anOverlappingHoldIsRefusedListingTheTakenSeatsAndHoldsNothing(String strategy) {
        String show = newShow(strategy);
        assertThat(hold(show, "alice", "A3").status()).isEqualTo(201);

        Reply refused = hold(show, "bob", "A2", "A3", "A4").isProblem(409, "seats-taken");

        assertThat(refused.json().path("seatIds").toString()).isEqualTo("[\"A3\"]");
        assertThat(seats(show, "held")).containsExactly("A3");
        assertThat(hold(show, "bob", "A2", "A4").status()).isEqualTo(201);
    }

    @Test
    void onlyTheHolderMayReleaseAndAReleasedHoldIsGone() {
        String show = newShow("conditional");
        String holdId = hold(show, "alice", "B1").json().path("holdId").asString();

        release(holdId, "mallory").isProblem(403, "not-holder");
        assertThat(seats(show, "held")).containsExactly("B1");
        release("conditional_" + UUID.randomUUID(), "alice").isProblem(404, "unknown-hold");
        release("garbage", "alice").isProblem(404, "unknown-hold");
        send(request("/api/holds/" + holdId).DELETE().build()).isProblem(400, "validation");
        assertThat(seats(show, "held")).containsExactly("B1");

        assertThat(release(holdId, "alice").status()).isEqualTo(204);

        release(holdId, "alice").isProblem(404, "unknown-hold");
        assertThat(seats(show, "held")).isEmpty();
        assertThat(hold(show, "bob", "B1").status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conditional", "pessimistic", "redis"})
    void onlyTheHolderMayExtendAHoldAndTheNewExpiryIsAnswered(String strategy) {
        String show = newShow(strategy);
        Reply held = hold(show, "alice", "A1");
        String holdId = held.json().path("holdId").asString();
        String path = "/api/holds/" + holdId + "/extend";

        postJson(path, "{\"holderId\":\"mallory\",\"ttlSeconds\":60}").isProblem(403, "not-holder");
        postJson(path, "{\"holderId\":\"alice\",\"ttlSeconds\":0}").isProblem(400, "validation");
        postJson(path, "{\"holderId\":\"alice\"}").isProblem(400, "validation");
        postJson(
                        "/api/holds/" + strategy + "_" + UUID.randomUUID() + "/extend",
                        "{\"holderId\":\"alice\",\"ttlSeconds\":60}")
                .isProblem(404, "unknown-hold");
        Reply extended = postJson(path, "{\"holderId\":\"alice\",\"ttlSeconds\":600}");

        assertThat(extended.status()).as(extended.raw().body()).isEqualTo(200);
        assertThat(java.time.Instant.parse(extended.json().path("expiresAt").asString()))
                .isAfter(java.time.Instant.parse(held.json().path("expiresAt").asString()));
        assertThat(seats(show, "held")).containsExactly("A1");
    }

    @Test
    void aConfirmationByAnotherHolderOrWithAStaleFenceBooksNothing() {
        String show = newShow("pessimistic");
        Reply held = hold(show, "carol", "A5");
        String holdId = held.json().path("holdId").asString();
        long fence = held.json().path("fence").asLong();

        confirm(holdId, "dave", fence).isProblem(403, "not-holder");
        Reply stale = confirm(holdId, "carol", fence - 1).isProblem(409, "stale-fence");
        confirm("pessimistic_" + UUID.randomUUID(), "carol", fence).isProblem(404, "unknown-hold");
        postJson("/api/holds/" + holdId + "/confirm", "{\"holderId\":\"carol\"}")
                .isProblem(400, "validation");

        assertThat(stale.json().path("fence").asLong()).isEqualTo(fence);
        assertThat(seats(show, "booked")).isEmpty();
        assertThat(seats(show, "held")).containsExactly("A5");
        assertThat(showAudit(show).path("bookingRows").asInt()).isZero();
    }

    @Test
    void badHoldRequestsAreRefusedAndChangeNothing() {
        String show = newShow("conditional");
        String path = "/api/shows/" + show + "/holds";

        postJson(path, "{\"seatIds\":[],\"holderId\":\"a\"}").isProblem(400, "validation");
        postJson(
                        path,
                        "{\"seatIds\":%s,\"holderId\":\"a\"}"
                                .formatted(jsonArray("A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4", "B5", "C1")))
                .isProblem(400, "validation");
        postJson(path, "{\"seatIds\":[\"A1\",\"A1\"],\"holderId\":\"a\"}").isProblem(400, "validation");
        postJson(path, "{\"seatIds\":[\"A1\"]}").isProblem(400, "validation");
        postJson(path, "{\"seatIds\":[\"A1\"],\"holderId\":\"a\",\"ttlSeconds\":0}")
                .isProblem(400, "validation");
        postJson(path, "{\"seatIds\":[\"A1\"],\"holderId\":\"a\",\"ttlSeconds\":100000}")
                .isProblem(400, "validation");
        postJson(path, "{\"seatIds\":[\"A1\"],\"holderId\":\"a\",\"ttlSeconds\":1.5}")
                .isProblem(400, "malformed-body");
        Reply unknownSeats = hold(show, "a", "A1", "Z9").isProblem(422, "unknown-seats");
        hold("no-such-show-" + show, "a", "A1").isProblem(404, "unknown-show");
        get("/api/shows/" + show + "/seats?status=lost").isProblem(400, "validation");
        get("/api/shows/no-such-show-" + show + "/seats").isProblem(404, "unknown-show");

        assertThat(unknownSeats.json().path("seatIds").toString()).isEqualTo("[\"Z9\"]");
        assertThat(seats(show, "free")).hasSize(10);
        assertThat(showAudit(show).path("held").asInt()).isZero();
    }

    @Test
    void badShowsAreRefusedAndCreateNothing() {
        String id = "bad-" + UUID.randomUUID();
        String good = "{\"id\":\"%s\",\"name\":\"x\",\"strategy\":\"conditional\",\"rows\":1,\"seatsPerRow\":1}"
                .formatted(id);

        send(request("/api/shows")
                        .header("Content-Type", JSON)
                        .POST(HttpRequest.BodyPublishers.ofString(good))
                        .build())
                .isProblem(401, "unauthorized");
        createShow(good.replace("conditional", "telepathy")).isProblem(400, "validation");
        createShow(good.replace("\"rows\":1", "\"rows\":0")).isProblem(400, "validation");
        createShow(good.replace("\"rows\":1", "\"rows\":200").replace("\"seatsPerRow\":1", "\"seatsPerRow\":200"))
                .isProblem(400, "validation");
        createShow(good.replace("}", ",\"sections\":[\"a\",\"a\"]}")).isProblem(400, "validation");
        get("/api/shows/" + id).isProblem(404, "unknown-show");

        assertThat(createShow(good).status()).isEqualTo(201);
        createShow(good.replace("\"rows\":1", "\"rows\":2")).isProblem(409, "show-exists");
        assertThat(get("/api/shows/" + id).json().path("seats").asInt()).isEqualTo(1);
    }

    @Test
    void prometheusShowsHoldsByOutcomeLatencyAndActiveHolds() throws InterruptedException {
        String show = newShow("conditional");
        hold(show, "m1", "A1");
        hold(show, "m2", "A1");

        String body = "";
        for (int i = 0; i < 50 && !body.contains("stampede_holds_active"); i++) {
            Thread.sleep(100);
            body = get("/actuator/prometheus").raw().body();
        }

        assertThat(body)
                .contains("stampede_holds_total{application=\"stampede\",outcome=\"held\",strategy=\"conditional\"}")
                .contains("outcome=\"taken\",strategy=\"conditional\"")
                .contains("stampede_hold_latency_seconds_bucket")
                .contains("stampede_holds_active{application=\"stampede\",strategy=\"conditional\"}")
                .contains("stampede_holds_expired_total");
    }
}
