package dev.stampede.server.dashboard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Counts every request to a SKU ({@code /api/skus/{id}} and below) in {@link HotKeys}, by SKU id, for the dashboard's
 * hot keys. Ids longer than {@value #MAX_KEY_LENGTH} characters are cut there, so a hostile path costs no more memory
 * than a real one. Nothing else happens per request.
 */
public final class HotKeyFilter extends HttpFilter {

    public static final String PREFIX = "/api/skus/";
    static final int MAX_KEY_LENGTH = 100;

    private final transient HotKeys hotKeys;

    public HotKeyFilter(HotKeys hotKeys) {
        this.hotKeys = hotKeys;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = skuId(request.getRequestURI());
        if (id != null) {
            hotKeys.offer(id);
        }
        chain.doFilter(request, response);
    }

    /** The SKU id of a path under {@code /api/skus/}; null for any other path or an empty id. */
    static String skuId(String path) {
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        int end = path.indexOf('/', PREFIX.length());
        if (end < 0) {
            end = path.length();
        }
        end = Math.min(end, PREFIX.length() + MAX_KEY_LENGTH);
        return end == PREFIX.length() ? null : path.substring(PREFIX.length(), end);
    }
}
