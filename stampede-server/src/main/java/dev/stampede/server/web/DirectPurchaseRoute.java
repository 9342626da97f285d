package dev.stampede.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Serves {@code POST /api/skus/{id}/purchases} without {@code DispatcherServlet}, for every request that Spring MVC
 * would route to {@link SkuController}'s purchase method with nothing to decode: a plain path segment as the id, no
 * query, a JSON {@code Content-Type}. Any other request (a method, type or path MVC refuses or decodes) goes on to
 * MVC, which answers it as before; the answers are the same either way ({@code DirectPurchaseRouteApiTest}).
 *
 * <p>Why hand-written (issue 17): after the purchase's own costs were cut, MVC's dispatch around the handler (handler
 * mapping, argument resolvers, interceptors, the framework servlet's request scaffolding) was about 37% of the request
 * thread's CPU on this route, more than anything else left (docs/performance.md, "The cuts"). The checks MVC made
 * before the handler are made here by the same code: the write's {@code Accept} ({@link
 * ProblemNegotiation#refuseUnlessJsonAccepted}) and the storable id ({@link StorableTextCheck#check}); the filters
 * before this one (single-valued headers, body-size limit, hot keys) run as for any route. A failure is answered by
 * the application's exception handlers, as MVC would answer it.
 */
final class DirectPurchaseRoute extends HttpFilter {

    static final String PREFIX = "/api/skus/";
    private static final String SUFFIX = "/purchases";

    private final transient PurchaseEndpoint purchases;
    private final transient HandlerExceptionResolver problems;

    DirectPurchaseRoute(PurchaseEndpoint purchases, HandlerExceptionResolver problems) {
        this.purchases = purchases;
        this.problems = problems;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = plainId(request);
        if (id == null) {
            chain.doFilter(request, response);
            return;
        }
        try {
            ProblemNegotiation.refuseUnlessJsonAccepted(request);
            StorableTextCheck.check("id", id);
            purchases.serve(id, request.getHeader("Idempotency-Key"), request, response);
        } catch (Exception e) {
            if (problems.resolveException(request, response, null, e) == null) {
                throw e;
            }
        }
    }

    /**
     * The SKU id of a purchase this route serves; null for any request it leaves to MVC: not a {@code POST}, a path
     * other than {@code /api/skus/{id}/purchases}, an id MVC would decode or strip ({@code %}, {@code ;}) or a dot
     * segment, a query string, or a {@code Content-Type} that is missing, malformed or not {@code application/json}
     * (MVC answers 415).
     */
    static String plainId(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (!"POST".equals(request.getMethod())
                || request.getQueryString() != null
                || !path.startsWith(PREFIX)
                || !path.endsWith(SUFFIX)
                || path.length() <= PREFIX.length() + SUFFIX.length()
                || !isJson(request.getContentType())) {
            return null;
        }
        String id = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '%' || c == ';') {
                return null;
            }
        }
        return id.equals(".") || id.equals("..") ? null : id;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null || contentType.isEmpty()) {
            return false;
        }
        try {
            return MediaType.APPLICATION_JSON.includes(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
