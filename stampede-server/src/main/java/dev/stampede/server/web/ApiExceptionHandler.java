package dev.stampede.server.web;

import dev.stampede.core.StoreUnavailableException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error leaves as {@code application/problem+json} with a stable type; no stack trace leaves the server. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        return e.toResponse();
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(StoreUnavailableException e) {
        log.warn("Store unavailable: {}", e.getMessage());
        return problem(new ProblemException(Problems.BUSY, "The database is unavailable; try again shortly."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return problem(new ProblemException(Problems.INTERNAL, "An unexpected error occurred; it has been logged."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (BodySizeLimit.exceeded(e)) {
            ProblemException tooLarge = BodySizeLimit.problem();
            return handleExceptionInternal(
                    e, tooLarge.toProblemDetail(), headers, tooLarge.problem().status(), request);
        }
        return handleExceptionInternal(e, Problems.MALFORMED_BODY.detail(describe(e)), headers, status, request);
    }

    /** Says what was wrong with the body without echoing parser internals. */
    private static String describe(HttpMessageNotReadableException e) {
        return switch (e.getCause()) {
            case UnrecognizedPropertyException unknown -> "Unknown field '%s'.".formatted(unknown.getPropertyName());
            case MismatchedInputException mismatch
            when !mismatch.getPath().isEmpty() ->
                "Field '%s' has the wrong type or value."
                        .formatted(mismatch.getPath().stream()
                                .map(reference -> reference.getPropertyName() != null
                                        ? reference.getPropertyName()
                                        : "[" + reference.getIndex() + "]")
                                .collect(Collectors.joining(".")));
            case JacksonException ignored -> "The body is not valid JSON.";
            case null, default -> "The request body is missing or unreadable.";
        };
    }

    /** Gives every problem the framework raises (404, 405, 406, 415, ...) a stable type. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType() == null) {
            Problems kind = Problems.forStatus(status.value());
            problem.setType(kind.type());
            problem.setTitle(kind.title());
        }
        return super.createResponseEntity(body, headers, status, request);
    }
}
