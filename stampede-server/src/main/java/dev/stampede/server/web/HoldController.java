package dev.stampede.server.web;

import dev.stampede.core.hold.ConfirmResult;
import dev.stampede.core.hold.ExtendResult;
import dev.stampede.server.config.HoldProperties;
import dev.stampede.server.hold.Holds;
import dev.stampede.server.web.HoldViews.BookingView;
import dev.stampede.server.web.HoldViews.ConfirmBody;
import dev.stampede.server.web.HoldViews.ExtendBody;
import dev.stampede.server.web.HoldViews.ExtendedView;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Holds: release and extend (only by the holder), and confirm into a booking (idempotent, fenced). */
@RestController
@RequestMapping("/api/holds")
class HoldController {

    private final Holds holds;
    private final HoldProperties properties;

    HoldController(Holds holds, HoldProperties properties) {
        this.holds = holds;
        this.properties = properties;
    }

    @ProblemTypes({Problems.UNKNOWN_HOLD, Problems.NOT_HOLDER})
    @DeleteMapping("/{holdId}")
    ResponseEntity<?> release(
            @PathVariable String holdId, @RequestParam(name = "holderId", required = false) String holderId) {
        String holder = Validation.text("holderId", holderId, 128);
        return switch (holds.release(holdId, holder)) {
            case RELEASED -> ResponseEntity.noContent().build();
            case NO_SUCH_HOLD -> noSuchHold(holdId);
            case NOT_HOLDER -> notHolder();
            case BUSY -> Failures.busy("release answered busy");
        };
    }

    /** Moves the hold's expiry to {@code ttlSeconds} from now (bounded like a new hold); only its holder may. */
    @ProblemTypes({Problems.UNKNOWN_HOLD, Problems.NOT_HOLDER})
    @PostMapping(path = "/{holdId}/extend", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> extend(@PathVariable String holdId, @RequestBody ExtendBody body) {
        String holder = Validation.text("holderId", body.holderId(), 128);
        Duration ttl = Duration.ofSeconds(Validation.between(
                "ttlSeconds", body.ttlSeconds(), 1, (int) properties.maxTtl().toSeconds()));
        return switch (holds.extend(holdId, holder, ttl)) {
            case ExtendResult.Extended extended -> ResponseEntity.ok(new ExtendedView(holdId, extended.expiresAt()));
            case ExtendResult.NoSuchHold none -> noSuchHold(holdId);
            case ExtendResult.NotHolder notHolder -> notHolder();
            case ExtendResult.Busy busy -> Failures.busy(busy.reason());
        };
    }

    @ProblemTypes({Problems.UNKNOWN_HOLD, Problems.NOT_HOLDER, Problems.HOLD_EXPIRED, Problems.STALE_FENCE})
    @PostMapping(path = "/{holdId}/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> confirm(@PathVariable String holdId, @RequestBody ConfirmBody body) {
        String holder = Validation.text("holderId", body.holderId(), 128);
        if (body.fence() == null || body.fence() < 1) {
            throw ShowController.invalid("fence", "must be the positive fencing token the hold was granted with");
        }
        return switch (holds.confirm(holdId, holder, body.fence())) {
            case ConfirmResult.Booked booked ->
                ResponseEntity.status(booked.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                        .header("Idempotent-Replayed", String.valueOf(booked.replayed()))
                        .body(BookingView.of(booked.booking()));
            case ConfirmResult.Expired expired ->
                Problems.HOLD_EXPIRED.response("Hold '" + holdId + "' expired; nothing was booked.", Map.of());
            case ConfirmResult.StaleFence stale ->
                Problems.STALE_FENCE.response(
                        "Fencing token %d is not this hold's (%d); nothing was booked."
                                .formatted(stale.presented(), stale.current()),
                        Map.of("fence", stale.current()));
            case ConfirmResult.NoSuchHold none -> noSuchHold(holdId);
            case ConfirmResult.NotHolder notHolder -> notHolder();
            case ConfirmResult.Busy busy -> Failures.busy(busy.reason());
        };
    }

    private static ResponseEntity<?> noSuchHold(String holdId) {
        return Problems.UNKNOWN_HOLD.response(
                "No active hold has id '" + holdId + "' (never granted, released, or expired).", Map.of());
    }

    private static ResponseEntity<?> notHolder() {
        return Problems.NOT_HOLDER.response("This hold belongs to someone else; nothing was changed.", Map.of());
    }
}
