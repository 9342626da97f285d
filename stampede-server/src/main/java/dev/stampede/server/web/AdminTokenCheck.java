package dev.stampede.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Lets a request reach an {@link AdminOnly} endpoint only with the admin bearer token (compared in constant time). */
final class AdminTokenCheck implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    AdminTokenCheck(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(AdminOnly.class)) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            boolean valid = authorization != null
                    && authorization.startsWith(BEARER)
                    && MessageDigest.isEqual(
                            token, authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8));
            if (!valid) {
                throw new ProblemException(
                        Problems.UNAUTHORIZED, "This endpoint needs the header 'Authorization: Bearer <admin token>'.");
            }
        }
        return true;
    }
}
