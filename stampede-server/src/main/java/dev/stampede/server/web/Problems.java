package dev.stampede.server.web;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The problem types of the API (RFC 9457). Each {@code type} URI is stable: clients may switch on it. The URIs
 * identify; they are not meant to be fetched.
 */
public enum Problems {
    VALIDATION(HttpStatus.BAD_REQUEST, "validation", "Invalid request"),
    MALFORMED_BODY(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body"),
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Admin token required"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    UNKNOWN_SKU(HttpStatus.NOT_FOUND, "unknown-sku", "Unknown SKU"),
    UNKNOWN_SHOW(HttpStatus.NOT_FOUND, "unknown-show", "Unknown show"),
    UNKNOWN_HOLD(HttpStatus.NOT_FOUND, "unknown-hold", "No such active hold"),
    NOT_HOLDER(HttpStatus.FORBIDDEN, "not-holder", "Hold belongs to someone else"),
    UNKNOWN_ACCOUNT(HttpStatus.NOT_FOUND, "unknown-account", "Unknown account"),
    UNKNOWN_KEY(HttpStatus.NOT_FOUND, "unknown-key", "Unknown key"),
    UNKNOWN_CHECKOUT(HttpStatus.NOT_FOUND, "unknown-checkout", "Unknown checkout"),
    UNKNOWN_CLAIM(HttpStatus.NOT_FOUND, "unknown-claim", "Unknown claim"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request not received in time"),
    SKU_EXISTS(HttpStatus.CONFLICT, "sku-exists", "SKU already exists"),
    ACCOUNT_EXISTS(HttpStatus.CONFLICT, "account-exists", "Account already exists"),
    SOLD_OUT(HttpStatus.CONFLICT, "sold-out", "Sold out"),
    INSUFFICIENT_STOCK(HttpStatus.CONFLICT, "insufficient-stock", "Not enough stock"),
    BUYER_LIMIT(HttpStatus.CONFLICT, "buyer-limit", "Over the per-buyer limit"),
    SHOW_EXISTS(HttpStatus.CONFLICT, "show-exists", "Show already exists"),
    SEATS_TAKEN(HttpStatus.CONFLICT, "seats-taken", "Seats already taken"),
    STALE_FENCE(HttpStatus.CONFLICT, "stale-fence", "Stale fencing token"),
    HOLD_EXPIRED(HttpStatus.GONE, "hold-expired", "Hold expired"),
    CLAIM_EXPIRED(HttpStatus.GONE, "claim-expired", "Claim expired"),
    CLAIM_RELEASED(HttpStatus.GONE, "claim-released", "Claim released"),
    CLAIM_CHECKED_OUT(HttpStatus.CONFLICT, "claim-checked-out", "Claim already checked out"),
    NOT_SOLD_BY_TOKENS(HttpStatus.CONFLICT, "not-sold-by-tokens", "SKU not sold by claim tokens"),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed"),
    UNKNOWN_SEATS(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-seats", "Unknown seats"),
    KEY_IN_FLIGHT(HttpStatus.CONFLICT, "idempotency-key-in-flight", "Request with this key still in progress"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused"),
    UNSAFE_DISABLED(HttpStatus.UNPROCESSABLE_CONTENT, "unsafe-strategy-disabled", "Unsafe strategy disabled"),
    INSUFFICIENT_FUNDS(HttpStatus.UNPROCESSABLE_CONTENT, "insufficient-funds", "Insufficient funds"),
    SAME_ACCOUNT(HttpStatus.UNPROCESSABLE_CONTENT, "same-account", "Transfer to the same account"),
    PRECONDITION_REQUIRED(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", "Precondition required"),
    BUSY(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy, try again"),
    OUTCOME_UNKNOWN(HttpStatus.SERVICE_UNAVAILABLE, "outcome-unknown", "Outcome unknown, retry with the same key"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error");

    public static final String BASE = "https://stampede.dev/problems/";

    /** What a 503 tells the client to wait before trying again. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final HttpStatus status;
    private final URI type;
    private final String title;

    Problems(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create(BASE + slug);
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI type() {
        return type;
    }

    public ProblemDetail detail(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    /**
     * This problem as a response, without throwing: purchases answer 409 and 503 in the thousands per second under
     * contention. A 503 answer carries {@code Retry-After}.
     */
    public ResponseEntity<ProblemDetail> response(String detail, Map<String, Object> properties) {
        ProblemDetail problem = detail(detail);
        properties.forEach(problem::setProperty);
        return answer(problem);
    }

    /** A problem as a response: its status, as problem+json, with {@code Retry-After} on a 503. */
    static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.body(problem);
    }

    /** The generic type for a status that has no specific problem. */
    static Problems forStatus(int status) {
        for (Problems problem : values()) {
            if (problem.status.value() == status) {
                return problem;
            }
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }
}
