package dev.stampede.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves as {@code application/problem+json} with a stable type (whatever the request's {@code Accept}:
 * {@link ProblemNegotiation} has the last word); no stack trace or vendor text leaves the server.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    /** Jackson's words for a member named twice under {@code STRICT_DUPLICATE_DETECTION}. */
    private static final String DUPLICATE_MEMBER = "Duplicate Object property";

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        return e.toResponse();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> failure(Exception e, HttpServletRequest request) {
        return Failures.answer(e, request.getMethod());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemException problem = BodySizeLimit.exceeded(e) ? BodySizeLimit.problem() : unreadable(e);
        return handleExceptionInternal(
                e, problem.toProblemDetail(), headers, problem.problem().status(), request);
    }

    /**
     * Says what was wrong with the body without echoing parser internals: text no store could keep or a member named
     * twice is {@code validation} naming the member; anything else is {@code malformed-body}.
     */
    private static ProblemException unreadable(HttpMessageNotReadableException e) {
        return switch (e.getCause()) {
            case StorableStrings.Unstorable unstorable -> Validation.invalid(member(unstorable), StorableText.RULE);
            case StreamReadException duplicate
            when String.valueOf(duplicate.getOriginalMessage()).startsWith(DUPLICATE_MEMBER)
                    && duplicate.processor() instanceof JsonParser parser ->
                Validation.invalid(parser.currentName(), "must appear once in the body");
            case UnrecognizedPropertyException unknown ->
                malformed("Unknown field '%s'.".formatted(unknown.getPropertyName()));
            case MismatchedInputException mismatch
            when !mismatch.getPath().isEmpty() ->
                malformed("Field '%s' has the wrong type or value.".formatted(member(mismatch)));
            case JacksonException ignored -> malformed("The body is not valid JSON.");
            case null, default -> malformed("The request body is missing or unreadable.");
        };
    }

    private static String member(JacksonException e) {
        return e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(Problems.MALFORMED_BODY, detail, Map.of());
    }

    /** A fault the framework reports (5xx) is answered with our own sentence and logged under an errorId. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Object answer = status.is5xxServerError() ? Failures.reported(Problems.forStatus(status.value()), e) : body;
        return super.handleExceptionInternal(e, answer, headers, status, request);
    }

    /**
     * Gives every problem the framework raises (404, 405, 406, 415, ...) a stable type, always as problem+json, with
     * {@code Retry-After} on a 503.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType() == null) {
            Problems kind = Problems.forStatus(status.value());
            problem.setType(kind.type());
            problem.setTitle(kind.title());
        }
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            problemHeaders.set(HttpHeaders.RETRY_AFTER, Problems.RETRY_AFTER_SECONDS);
        }
        return super.createResponseEntity(body, problemHeaders, status, request);
    }
}
