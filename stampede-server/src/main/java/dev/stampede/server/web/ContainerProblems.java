package dev.stampede.server.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ProblemDetail;

/**
 * The problem for an error the servlet container raised itself, with a status and nothing else: a request line or
 * path it could not parse (400: {@code %2F}, {@code %5C}, {@code %00} or a bad percent-escape in the path, an
 * oversized or malformed header), a body that stalled (408), and so on. Shared by {@link ProblemReportValve} (before
 * the application) and {@link ProblemErrorController} (Spring Boot's {@code /error} page).
 */
final class ContainerProblems {

    private ContainerProblems() {}

    static ProblemDetail of(int status, String path) {
        ProblemDetail problem = switch (status) {
            case 400 ->
                Problems.MALFORMED_REQUEST.detail("The request line, path or headers cannot be parsed (for"
                        + " example an encoded '/', '\\' or NUL, or a bad percent-escape, in the path).");
            case 408 -> Problems.REQUEST_TIMEOUT.detail("The request did not arrive in time; nothing was changed.");
            default -> {
                Problems kind = Problems.forStatus(status);
                yield status >= 500
                        ? Failures.reported(kind, null)
                        : kind.detail("The request cannot be handled (HTTP " + status + ").");
            }
        };
        problem.setStatus(status);
        instance(path).ifPresent(problem::setInstance);
        return problem;
    }

    /** The request's path as the problem's {@code instance}, when the container kept one that is a URI reference. */
    private static Optional<URI> instance(String path) {
        try {
            return Optional.ofNullable(path).map(URI::create);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The problem as the members of its JSON object, for a writer without Spring's problem mix-in. */
    static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }
}
