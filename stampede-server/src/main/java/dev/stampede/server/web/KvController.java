package dev.stampede.server.web;

import dev.stampede.core.kv.KvCondition;
import dev.stampede.core.kv.KvEntry;
import dev.stampede.core.kv.KvWrite;
import dev.stampede.server.kv.KeyValues;
import dev.stampede.server.web.Views.KvBody;
import dev.stampede.server.web.Views.KvView;
import java.net.URI;
import java.util.Collections;
import java.util.OptionalLong;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Keys and values with etcd-style revisions, written only under a precondition. A key's {@code ETag} is its revision;
 * a write names the revisions it may replace ({@code If-Match}), any revision ({@code If-Match: *}) or the key's
 * absence ({@code If-None-Match: *}), and is refused with 412 and the current revision when the key is otherwise.
 */
@RestController
@RequestMapping("/api/kv")
class KvController {

    private final KeyValues keyValues;

    KvController(KeyValues keyValues) {
        this.keyValues = keyValues;
    }

    /**
     * Reads the key, evaluating preconditions in RFC 9110's order (section 13.2.2): an {@code If-Match} it fails is
     * 412; then an {@code If-None-Match} that names it ({@code *}, or a list holding its tag, weak or strong) is 304
     * with the tag.
     */
    @ProblemTypes({Problems.UNKNOWN_KEY, Problems.PRECONDITION_FAILED})
    @GetMapping("/{key}")
    ResponseEntity<?> get(
            @PathVariable String key,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        KvEntry entry = keyValues
                .find(Validation.kvKey(key))
                .orElseThrow(() -> new ProblemException(Problems.UNKNOWN_KEY, "No key '" + key + "'."));
        if (ifMatch != null && !EntityTags.ifMatch(ifMatch).admits(entry.modRevision())) {
            return preconditionFailed(key, OptionalLong.of(entry.modRevision()));
        }
        if (ifNoneMatch != null && EntityTags.ifNoneMatch(ifNoneMatch).admits(entry.modRevision())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(EntityTags.of(entry.modRevision()))
                    .build();
        }
        return written(ResponseEntity.ok(), entry);
    }

    /** Replaces the value under {@code If-Match}, or creates the key under {@code If-None-Match: *}. */
    @ProblemTypes({Problems.PRECONDITION_FAILED, Problems.PRECONDITION_REQUIRED})
    @PutMapping(path = "/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> put(
            @PathVariable String key,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            @RequestBody KvBody body) {
        String valid = Validation.kvKey(key);
        String value = Validation.kvValue(body.value());
        if (ifNoneMatch == null) {
            return switch (keyValues.update(valid, value, condition(ifMatch))) {
                case KvWrite.Applied<KvEntry>(KvEntry entry) -> written(ResponseEntity.ok(), entry);
                case KvWrite.PreconditionFailed<KvEntry>(OptionalLong current) -> preconditionFailed(valid, current);
            };
        }
        if (ifMatch != null) {
            throw Validation.invalid("If-None-Match", "cannot go with If-Match: send one of them");
        }
        EntityTags.requireNoneMatchAny(ifNoneMatch);
        return switch (keyValues.create(valid, value)) {
            case KvWrite.Applied<KvEntry>(KvEntry entry) ->
                written(ResponseEntity.created(URI.create("/api/kv/" + valid)), entry);
            case KvWrite.PreconditionFailed<KvEntry>(OptionalLong current) -> preconditionFailed(valid, current);
        };
    }

    /** Deletes the key under {@code If-Match}; an absent key fails the precondition (412), as RFC 9110 has it. */
    @ProblemTypes({Problems.PRECONDITION_FAILED, Problems.PRECONDITION_REQUIRED})
    @DeleteMapping("/{key}")
    ResponseEntity<?> delete(
            @PathVariable String key,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        String valid = Validation.kvKey(key);
        if (ifNoneMatch != null) {
            throw Validation.invalid("If-None-Match", "does not apply to DELETE: send If-Match");
        }
        return switch (keyValues.delete(valid, condition(ifMatch))) {
            case KvWrite.Applied<Long> deleted -> ResponseEntity.noContent().build();
            case KvWrite.PreconditionFailed<Long>(OptionalLong current) -> preconditionFailed(valid, current);
        };
    }

    private static KvCondition condition(String ifMatch) {
        if (ifMatch == null) {
            throw new ProblemException(
                    Problems.PRECONDITION_REQUIRED,
                    "This API takes conditional writes only: send If-Match with the revision you read (its ETag) or *,"
                            + " or If-None-Match: * to create a key that does not exist.");
        }
        return EntityTags.ifMatch(ifMatch);
    }

    private static ResponseEntity<KvView> written(ResponseEntity.BodyBuilder response, KvEntry entry) {
        return response.eTag(EntityTags.of(entry.modRevision())).body(KvView.of(entry));
    }

    /** 412 with {@code currentRevision}: the key's revision, or null when it does not exist. */
    private static ResponseEntity<ProblemDetail> preconditionFailed(String key, OptionalLong current) {
        String detail = current.isPresent()
                ? "Key '%s' is at revision %d; nothing was changed.".formatted(key, current.getAsLong())
                : "Key '%s' does not exist; nothing was changed.".formatted(key);
        Long revision = current.isPresent() ? current.getAsLong() : null;
        return Problems.PRECONDITION_FAILED.response(detail, Collections.singletonMap("currentRevision", revision));
    }
}
