package dev.stampede.server.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Closes the connection of a request answered 408 as soon as the answer is sent. Tomcat otherwise reads ("swallows")
 * the rest of the body first, to keep the connection usable, and a body that trickles in would then hold the connection
 * for as long as it keeps trickling, answered or not. Tomcat does the same for an upload it refuses as too large when
 * told not to swallow it ({@code DISABLE_SWALLOW_INPUT}); here it is told so for every request timeout, the ones of
 * {@link BodyDeadline} and Tomcat's own (a body read that waited longer than {@code server.tomcat.connection-timeout}).
 */
final class TimeoutClosesConnection extends ValveBase {

    TimeoutClosesConnection() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (response.getStatus() == HttpServletResponse.SC_REQUEST_TIMEOUT) {
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }
}
