package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/** Helpers for the shows and holds API: shows of 2 rows of 5 seats (A1..B5), holds, releases, confirmations. */
abstract class ShowsApiTest extends ApiTest {

    static final String ADMIN = "Bearer " + ADMIN_TOKEN;

    Reply createShow(String json) {
        return postJson("/api/shows", json, "Authorization", ADMIN);
    }

    /** Creates a show of 2 rows of 5 seats (A1..B5) and returns its id. */
    String newShow(String strategy) {
        String id = "show-" + strategy + "-" + UUID.randomUUID();
        Reply created =
                createShow("{\"id\":\"%s\",\"name\":\"Matinee\",\"strategy\":\"%s\",\"rows\":2,\"seatsPerRow\":5}"
                        .formatted(id, strategy));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return id;
    }

    Reply hold(String show, String holder, String... seats) {
        return postJson(
                "/api/shows/" + show + "/holds",
                "{\"seatIds\":%s,\"holderId\":\"%s\",\"ttlSeconds\":60}".formatted(jsonArray(seats), holder));
    }

    Reply release(String holdId, String holder) {
        return send(
                request("/api/holds/" + holdId + "?holderId=" + holder).DELETE().build());
    }

    Reply confirm(String holdId, String holder, long fence) {
        return postJson(
                "/api/holds/" + holdId + "/confirm", "{\"holderId\":\"%s\",\"fence\":%d}".formatted(holder, fence));
    }

    List<String> seats(String show, String status) {
        Reply seats = get("/api/shows/" + show + "/seats?status=" + status);
        assertThat(seats.status()).isEqualTo(200);
        return StreamSupport.stream(seats.json().path("seats").spliterator(), false)
                .map(seat -> seat.path("seatId").asString())
                .toList();
    }

    JsonNode showAudit(String show) {
        Reply audit = get("/api/shows/" + show + "/audit");
        assertThat(audit.status()).isEqualTo(200);
        return audit.json();
    }

    static String jsonArray(String... values) {
        return Arrays.stream(values).map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
