package dev.stampede.server.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report for errors it raises before any servlet runs (a path it refuses to decode, such as
 * {@code %2F}, {@code %ZZ} or {@code %00}; a malformed request line): a problem, instead of Tomcat's HTML page. Errors
 * raised inside the application never get here: they are answered by the API or by {@link ProblemErrorController}.
 */
public final class ProblemReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.shared();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(
                        ContainerProblems.members(ContainerProblems.of(status, request.getRequestURI()))));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response cannot be written: nothing is left to tell it.
        }
    }
}
