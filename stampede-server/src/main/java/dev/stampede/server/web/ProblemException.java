package dev.stampede.server.web;

import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** A client-caused failure, answered as its problem; nothing was changed. */
public class ProblemException extends RuntimeException {

    private final Problems problem;
    private final Map<String, Object> properties;

    public ProblemException(Problems problem, String detail) {
        this(problem, detail, Map.of());
    }

    public ProblemException(Problems problem, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.problem = problem;
        this.properties = properties;
    }

    public Problems problem() {
        return problem;
    }

    ProblemDetail toProblemDetail() {
        ProblemDetail detail = problem.detail(getMessage());
        properties.forEach(detail::setProperty);
        return detail;
    }

    ResponseEntity<ProblemDetail> toResponse() {
        return problem.response(getMessage(), properties);
    }
}
