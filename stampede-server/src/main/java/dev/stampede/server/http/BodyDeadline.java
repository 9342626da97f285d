package dev.stampede.server.http;

import dev.stampede.server.web.ForwardingServletInputStream;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A deadline on a request's body, from the moment its headers are in (this filter runs before any handler) to its last
 * byte. Tomcat's {@code connectionTimeout} bounds each read, so a body that stops arriving is answered 408 by Tomcat
 * after it; a body trickling in a byte at a time never trips it. Past the deadline the next read of the body fails, and
 * the request is answered 408 {@code request-timeout} the way Tomcat answers a stalled read: through the container's
 * error handling ({@code sendError}), after which Tomcat closes the connection (RFC 9110, section 15.5.9: the request's
 * framing is lost).
 */
final class BodyDeadline extends OncePerRequestFilter {

    private final Duration timeout;
    private final GuardMetrics counts;

    BodyDeadline(Duration timeout, GuardMetrics counts) {
        this.timeout = timeout;
        this.counts = counts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new Deadlined(request, response, System.nanoTime() + timeout.toNanos()), response);
    }

    /** Thrown by a read of the body begun after the deadline. */
    private static final class TimedOut extends IOException {
        TimedOut(Duration timeout) {
            super("request body not received within " + timeout.toMillis() + " ms");
        }
    }

    private final class Deadlined extends HttpServletRequestWrapper {

        private final HttpServletResponse response;
        private final long deadline;
        private ServletInputStream body;

        Deadlined(HttpServletRequest request, HttpServletResponse response, long deadline) {
            super(request);
            this.response = response;
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new DeadlinedStream(super.getInputStream());
            }
            return body;
        }

        private final class DeadlinedStream extends ForwardingServletInputStream {

            DeadlinedStream(ServletInputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                requireInTime();
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                requireInTime();
                return in.read(buffer, offset, length);
            }

            /** A read begun after the deadline answers 408, as Tomcat answers a read that timed out, and fails. */
            private void requireInTime() throws IOException {
                if (!in.isFinished() && System.nanoTime() - deadline > 0) {
                    counts.bodyTimedOut();
                    try {
                        response.sendError(HttpServletResponse.SC_REQUEST_TIMEOUT);
                    } catch (IllegalStateException committed) {
                        response.setStatus(HttpServletResponse.SC_REQUEST_TIMEOUT);
                    }
                    throw new TimedOut(timeout);
                }
            }
        }
    }
}
