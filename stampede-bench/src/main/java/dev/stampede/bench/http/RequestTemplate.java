package dev.stampede.bench.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A request of generic mode: {@code POST http://host:port/path}, a body and headers in which {@code {vu}},
 * {@code {iter}} and {@code {uuid}} are replaced per request.
 */
public record RequestTemplate(String method, URI target, String body, Map<String, String> headers) {

    public RequestTemplate {
        headers = Map.copyOf(headers);
    }

    /** Parses {@code --request 'METHOD URL'}, {@code --body} (may be null) and {@code --header 'Name: value'}s. */
    public static RequestTemplate parse(String request, String body, Iterable<String> headerLines) {
        String[] parts = request.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "--request looks like 'POST http://host:port/path', got '" + request + "'");
        }
        URI target = URI.create(parts[1]);
        if (!"http".equals(target.getScheme()) || target.getHost() == null || target.getPort() < 0) {
            throw new IllegalArgumentException("--request needs an http://host:port/ URL, got '" + parts[1] + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--header looks like 'Name: value', got '" + line + "'");
            }
            headers.put(
                    line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        if (body != null && headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Content-Type"))) {
            headers.put("Content-Type", "application/json");
        }
        return new RequestTemplate(parts[0].toUpperCase(), target, body, headers);
    }

    public URI base() {
        return URI.create(target.getScheme() + "://" + target.getHost() + ":" + target.getPort());
    }

    public byte[] bytes(int vu, long iteration) {
        return HttpRequestBytes.of(method, target, expand(headers, vu, iteration), expand(body, vu, iteration));
    }

    private static Map<String, String> expand(Map<String, String> headers, int vu, long iteration) {
        Map<String, String> expanded = new LinkedHashMap<>();
        headers.forEach((name, value) -> expanded.put(name, expand(value, vu, iteration)));
        return expanded;
    }

    static String expand(String text, int vu, long iteration) {
        if (text == null) {
            return null;
        }
        String expanded = text.replace("{vu}", Integer.toString(vu)).replace("{iter}", Long.toString(iteration));
        return expanded.contains("{uuid}")
                ? expanded.replace("{uuid}", UUID.randomUUID().toString())
                : expanded;
    }
}
