package dev.stampede.server.web;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import java.util.Map;
import java.util.UUID;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The answers to failures no endpoint expects, and to strategies' busy results. A fault (5xx) is answered with our own
 * sentence and an {@code errorId}; its cause (a strategy's busy reason, a store's message, SQL, Redis, a host name, a
 * stack trace) goes to the log under that id and never to the client (DESIGN.md, convention 9).
 */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    static final String BUSY = "The service is too busy or a store it needs is unavailable; nothing was changed."
            + " Try again after Retry-After.";

    static final String OUTCOME_UNKNOWN = "The connection to the database was lost while it committed this request,"
            + " so it may or may not have taken effect. Retry it unchanged, with the same Idempotency-Key: the retry"
            + " answers the first outcome if there was one, and applies the request once if there was none. A request"
            + " sent without a key may be applied twice by a retry; read the resource first.";

    private Failures() {}

    /** A strategy answered busy; contention is ordinary, so its reason is logged at INFO. */
    static ResponseEntity<ProblemDetail> busy(String reason) {
        String errorId = newErrorId();
        log.info("503 busy [errorId={}]: {}", errorId, reason);
        return Problems.BUSY.response(BUSY, Map.of("errorId", errorId));
    }

    /**
     * The answer to an exception that reached the edge, found anywhere in its chain (a batch hands its writer's failure
     * over wrapped): a query string the container cannot decode is the client's 400; a lost commit is 503
     * {@code outcome-unknown} unless the request ({@code method}) was a read, with nothing to apply twice: then it is
     * 503 {@code busy} like any unavailable store; anything else is a 500.
     */
    static ResponseEntity<ProblemDetail> answer(Throwable failure, String method) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (causeOf(failure, InvalidParameterException.class) != null) {
            return Problems.MALFORMED_REQUEST.response(
                    "The query string cannot be decoded (a bad percent-escape or character encoding).", Map.of());
        }
        String errorId = newErrorId();
        if (causeOf(failure, OutcomeUnknownException.class) != null && !read) {
            log.warn("503 outcome-unknown [errorId={}]", errorId, failure);
            return Problems.OUTCOME_UNKNOWN.response(OUTCOME_UNKNOWN, Map.of("errorId", errorId));
        }
        StoreUnavailableException unavailable = causeOf(failure, StoreUnavailableException.class);
        if (unavailable != null) {
            log.warn("503 busy [errorId={}]: {}", errorId, unavailable.getMessage());
            return Problems.BUSY.response(BUSY, Map.of("errorId", errorId));
        }
        log.error("500 internal [errorId={}]", errorId, failure);
        return Problems.INTERNAL.response(internal(errorId), Map.of("errorId", errorId));
    }

    /** A fault the framework or the container reports with a status and no exception of ours. */
    static ProblemDetail reported(Problems problem, Throwable cause) {
        String errorId = newErrorId();
        log.error("{} {} [errorId={}]", problem.status().value(), problem.name(), errorId, cause);
        ProblemDetail detail = problem.detail(problem == Problems.INTERNAL ? internal(errorId) : BUSY);
        detail.setProperty("errorId", errorId);
        return detail;
    }

    private static String internal(String errorId) {
        return "An unexpected error occurred; it is logged under errorId " + errorId + ".";
    }

    private static String newErrorId() {
        return UUID.randomUUID().toString();
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> kind) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return kind.cast(t);
            }
        }
        return null;
    }
}
