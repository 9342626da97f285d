package dev.stampede.server.web;

import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.core.hold.SeatMap;
import dev.stampede.core.hold.SeatStatus;
import dev.stampede.core.hold.Show;
import dev.stampede.server.config.HoldProperties;
import dev.stampede.server.hold.Holds;
import dev.stampede.server.web.HoldViews.AuditView;
import dev.stampede.server.web.HoldViews.CreateShow;
import dev.stampede.server.web.HoldViews.HoldBody;
import dev.stampede.server.web.HoldViews.HoldView;
import dev.stampede.server.web.HoldViews.SeatsView;
import dev.stampede.server.web.HoldViews.ShowView;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Shows: create with a seat map (admin), read, list seats by status, audit, and hold seats. */
@RestController
@RequestMapping("/api/shows")
class ShowController {

    private static final int MAX_ROWS = 200;
    private static final int MAX_SEATS_PER_ROW = 200;
    private static final int MAX_SECTIONS = 20;

    private final Holds holds;
    private final HoldProperties properties;

    ShowController(Holds holds, HoldProperties properties) {
        this.holds = holds;
        this.properties = properties;
    }

    @ProblemTypes({Problems.SHOW_EXISTS})
    @AdminOnly
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ShowView> create(@RequestBody CreateShow body) {
        String id = Validation.id("id", body.id());
        String name = Validation.text("name", body.name(), 200);
        String strategy = Validation.text("strategy", body.strategy(), 64);
        int rows = Validation.between("rows", body.rows(), 1, MAX_ROWS);
        int perRow = Validation.between("seatsPerRow", body.seatsPerRow(), 1, MAX_SEATS_PER_ROW);
        List<String> sections = body.sections() == null ? List.of() : body.sections();
        if (sections.size() > MAX_SECTIONS || sections.stream().anyMatch(Objects::isNull)) {
            throw invalid("sections", "must be at most " + MAX_SECTIONS + " section names");
        }
        sections.forEach(section -> Validation.id("sections", section));
        if (new HashSet<>(sections).size() != sections.size()) {
            throw invalid("sections", "must not repeat a name");
        }
        long seats = (long) rows * perRow * Math.max(1, sections.size());
        if (seats > properties.maxSeats()) {
            throw invalid("rows", "times seatsPerRow times sections must be at most " + properties.maxSeats());
        }
        holds.create(id, name, strategy, SeatMap.of(rows, perRow, sections)).ifPresent(refusal -> {
            throw switch (refusal) {
                case UNKNOWN_STRATEGY -> invalid("strategy", "must be one of " + holds.strategyNames());
                case ID_TAKEN -> new ProblemException(Problems.SHOW_EXISTS, "A show with id '" + id + "' exists.");
            };
        });
        return ResponseEntity.created(URI.create("/api/shows/" + id)).body(ShowView.of(show(id)));
    }

    @ProblemTypes({Problems.UNKNOWN_SHOW})
    @GetMapping("/{id}")
    ShowView get(@PathVariable String id) {
        return ShowView.of(show(id));
    }

    @ProblemTypes({Problems.UNKNOWN_SHOW})
    @GetMapping("/{id}/seats")
    SeatsView seats(@PathVariable String id, @RequestParam(name = "status", required = false) String status) {
        SeatStatus only = status == null ? null : statusNamed(status);
        Show show = show(id);
        return SeatsView.of(show, holds.seats(show), only);
    }

    @ProblemTypes({Problems.UNKNOWN_SHOW})
    @GetMapping("/{id}/audit")
    AuditView audit(@PathVariable String id) {
        return AuditView.of(holds.audit(show(id)));
    }

    @ProblemTypes({Problems.UNKNOWN_SHOW, Problems.SEATS_TAKEN, Problems.UNKNOWN_SEATS})
    @PostMapping(path = "/{id}/holds", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> hold(@PathVariable String id, @RequestBody HoldBody body) {
        List<String> seatIds = body.seatIds();
        if (seatIds == null || seatIds.isEmpty() || seatIds.size() > HoldRequest.MAX_SEATS) {
            throw invalid("seatIds", "must list 1 to " + HoldRequest.MAX_SEATS + " seats");
        }
        seatIds.forEach(seat -> Validation.text("seatIds", seat, 128));
        if (new HashSet<>(seatIds).size() != seatIds.size()) {
            throw invalid("seatIds", "must not repeat a seat");
        }
        String holder = Validation.text("holderId", body.holderId(), 128);
        Duration ttl = body.ttlSeconds() == null
                ? properties.defaultTtl()
                : Duration.ofSeconds(Validation.between("ttlSeconds", body.ttlSeconds(), 1, (int)
                        properties.maxTtl().toSeconds()));
        return switch (holds.hold(id, seatIds, holder, ttl)) {
            case HoldResult.Held held ->
                ResponseEntity.status(HttpStatus.CREATED)
                        .location(URI.create("/api/holds/" + held.hold().holdId()))
                        .body(HoldView.of(held.hold()));
            case HoldResult.Taken taken ->
                Problems.SEATS_TAKEN.response(
                        "Seats " + taken.seatIds() + " are held or booked by someone else; nothing was held.",
                        Map.of("seatIds", taken.seatIds()));
            case HoldResult.UnknownSeats unknown ->
                Problems.UNKNOWN_SEATS.response(
                        "Show '" + id + "' has no seats " + unknown.seatIds() + ".",
                        Map.of("seatIds", unknown.seatIds()));
            case HoldResult.UnknownShow unknown -> throw unknownShow(id);
            case HoldResult.Busy busy -> Failures.busy(busy.reason());
        };
    }

    private Show show(String id) {
        return holds.show(id).orElseThrow(() -> unknownShow(id));
    }

    private static SeatStatus statusNamed(String status) {
        for (SeatStatus candidate : SeatStatus.values()) {
            if (candidate.id().equals(status)) {
                return candidate;
            }
        }
        throw invalid("status", "must be free, held or booked");
    }

    private static ProblemException unknownShow(String id) {
        return new ProblemException(Problems.UNKNOWN_SHOW, "No show has id '" + id + "'.");
    }

    static ProblemException invalid(String field, String rule) {
        return new ProblemException(Problems.VALIDATION, "'%s' %s.".formatted(field, rule), Map.of("field", field));
    }
}
