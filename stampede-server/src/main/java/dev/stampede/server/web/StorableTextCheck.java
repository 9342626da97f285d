package dev.stampede.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Holds the decoded path variables and query parameters of every request to {@link StorableText}'s rule before a
 * handler sees them (JSON bodies are held to it by {@link StorableStrings}); a breach is 400 {@code validation} naming
 * the variable or parameter. Reading the parameters here also makes a query string the container cannot decode fail
 * in one place, as a client error.
 */
final class StorableTextCheck implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            variables.forEach((name, value) -> check(String.valueOf(name), String.valueOf(value)));
        }
        request.getParameterMap().forEach((name, values) -> {
            check("query", name);
            for (String value : values) {
                check(name, value);
            }
        });
        return true;
    }

    /**
     * @throws ProblemException 400 {@code validation} naming {@code field} if {@code text} is not storable
     */
    static void check(String field, String text) {
        if (!StorableText.admits(text)) {
            throw Validation.invalid(field, StorableText.RULE);
        }
    }
}
