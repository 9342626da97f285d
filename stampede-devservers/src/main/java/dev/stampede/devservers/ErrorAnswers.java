package dev.stampede.devservers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The answers {@link LocalHaproxy} gives itself, as raw HTTP responses (HAProxy's {@code errorfile}s) in Stampede's
 * problem format (RFC 9457, the types of docs/api.md), so that a client behind the balancer sees the same faults as
 * without it: a 503 with {@code Retry-After} and a stable {@code type}, and no HAProxy page.
 *
 * <ul>
 *   <li>{@code busy}: no server could take the request (every connect failed, or none was free before the queue
 *       timeout); it was
 *       forwarded nowhere, so nothing was changed. Served for HAProxy's 503.
 *   <li>{@code outcome-unknown}: a server took the request and then closed its connection (it died) or did not
 *       answer in time; it may have been applied. Served for HAProxy's 502 and 504: the client retries with the
 *       same {@code Idempotency-Key}.
 * </ul>
 *
 * @param busy the file of the busy answer
 * @param outcomeUnknown the file of the outcome-unknown answer
 */
record ErrorAnswers(Path busy, Path outcomeUnknown) {

    private static final String TYPES = "https://stampede.dev/problems/";

    /** Writes both files into {@code directory}. */
    static ErrorAnswers writeTo(Path directory) throws IOException {
        Path busy = directory.resolve("busy.http");
        Path outcomeUnknown = directory.resolve("outcome-unknown.http");
        Files.writeString(
                busy, answer("busy", "Busy", "No instance could take the request; nothing was changed. Retry later."));
        Files.writeString(
                outcomeUnknown,
                answer(
                        "outcome-unknown",
                        "Outcome unknown",
                        "The instance that took the request stopped answering; it may or may not have been applied."
                                + " Retry with the same Idempotency-Key."));
        return new ErrorAnswers(busy, outcomeUnknown);
    }

    private static String answer(String type, String title, String detail) {
        String body = "{\"type\":\"%s%s\",\"title\":\"%s\",\"status\":503,\"detail\":\"%s\"}"
                .formatted(TYPES, type, title, detail);
        return String.join(
                "\r\n",
                "HTTP/1.1 503 Service Unavailable",
                "Content-Type: application/problem+json",
                "Content-Length: " + body.length(),
                "Retry-After: 1",
                "Cache-Control: no-store",
                "Connection: close",
                "",
                body);
    }
}
