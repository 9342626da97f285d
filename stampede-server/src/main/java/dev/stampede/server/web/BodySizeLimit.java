package dev.stampede.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stops reading a request body after {@code maxBytes}, whether or not it declared its length; the body then fails to
 * parse and the client gets 413 with nothing changed.
 */
final class BodySizeLimit extends OncePerRequestFilter {

    private final int maxBytes;

    BodySizeLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    static boolean exceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    static ProblemException problem() {
        return new ProblemException(Problems.PAYLOAD_TOO_LARGE, "The request body is larger than the server accepts.");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new Limited(request, maxBytes), response);
    }

    private static final class TooLarge extends IOException {
        TooLarge(int maxBytes) {
            super("request body exceeds " + maxBytes + " bytes");
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final int maxBytes;

        Limited(HttpServletRequest request, int maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (getContentLengthLong() > maxBytes) {
                throw new TooLarge(maxBytes);
            }
            return new ForwardingServletInputStream(super.getInputStream()) {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws TooLarge {
                    read += n;
                    if (read > maxBytes) {
                        throw new TooLarge(maxBytes);
                    }
                }
            };
        }
    }
}
