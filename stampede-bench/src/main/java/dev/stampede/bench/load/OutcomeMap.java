package dev.stampede.bench.load;

import dev.stampede.bench.http.HttpConnection.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps HTTP answers to outcomes: by status ({@code 503=busy}), or by status and problem type ({@code
 * 503/outcome-unknown=outcome_unknown}: an RFC 9457 body whose {@code type} URI ends in that segment, after its
 * last {@code /} or {@code :}). An answer whose
 * status has problem-type entries is classified by its type first, then by its status; a status the map does not name
 * is {@link Outcome#OTHER_STATUS}. Only the bodies of statuses with problem-type entries are read.
 */
public final class OutcomeMap {

    /**
     * The Stampede purchase API: 201 sold, 409 sold out, 503 busy, and 503 {@code outcome-unknown} on its own (the
     * order may be written later: the audit allows for it).
     */
    public static final OutcomeMap PURCHASES =
            parse("201=success,409=sold_out,503=busy,503/outcome-unknown=outcome_unknown");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<Integer, Outcome> byStatus;
    private final Map<Integer, Map<String, Outcome>> byProblemType;

    private OutcomeMap(Map<Integer, Outcome> byStatus, Map<Integer, Map<String, Outcome>> byProblemType) {
        this.byStatus = Map.copyOf(byStatus);
        this.byProblemType = Map.copyOf(byProblemType);
    }

    /** Parses {@code 200=success,409=sold_out,503/outcome-unknown=outcome_unknown}. */
    public static OutcomeMap parse(String spec) {
        Map<Integer, Outcome> byStatus = new HashMap<>();
        Map<Integer, Map<String, Outcome>> byProblemType = new HashMap<>();
        for (String pair : spec.split(",")) {
            String[] parts = pair.trim().split("=");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--outcome entries look like 200=success or"
                        + " 503/outcome-unknown=outcome_unknown, got '" + pair + "'");
            }
            String[] answer = parts[0].trim().split("/", 2);
            int status = status(answer[0].trim());
            Outcome outcome = Outcome.fromLabel(parts[1].trim());
            if (answer.length == 2) {
                byProblemType.computeIfAbsent(status, s -> new HashMap<>()).put(answer[1].trim(), outcome);
            } else {
                byStatus.put(status, outcome);
            }
        }
        byProblemType.replaceAll((status, types) -> Map.copyOf(types));
        return new OutcomeMap(byStatus, byProblemType);
    }

    private static int status(String text) {
        int status;
        try {
            status = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an HTTP status: '" + text + "'");
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        return status;
    }

    /** The outcome of a status alone (its problem-type entries, if any, are not consulted). */
    public Outcome of(int status) {
        return byStatus.getOrDefault(status, Outcome.OTHER_STATUS);
    }

    /** The outcome of an answer: by its problem type when its status has entries for types, else by its status. */
    public Outcome of(HttpResponse response) {
        Map<String, Outcome> types = byProblemType.get(response.status());
        if (types != null) {
            Outcome byType = types.get(problemType(response));
            if (byType != null) {
                return byType;
            }
        }
        return of(response.status());
    }

    /** The last segment (after its last / or :) of the body's RFC 9457 {@code type} URI; empty if not a problem. */
    private static String problemType(HttpResponse response) {
        try {
            JsonNode type = JSON.readTree(response.body()).path("type");
            String uri = type.isString() ? type.asString() : "";
            return uri.substring(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf(':')) + 1);
        } catch (JacksonException e) {
            return "";
        }
    }
}
