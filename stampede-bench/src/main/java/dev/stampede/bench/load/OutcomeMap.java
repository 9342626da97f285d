package dev.stampede.bench.load;

import java.util.HashMap;
import java.util.Map;

/** Maps HTTP statuses to outcomes; a status it does not name is {@link Outcome#OTHER_STATUS}. */
public final class OutcomeMap {

    /** The Stampede purchase API: 201 sold, 409 sold out, 503 busy. */
    public static final OutcomeMap PURCHASES = parse("201=success,409=sold_out,503=busy");

    private final Map<Integer, Outcome> byStatus;

    private OutcomeMap(Map<Integer, Outcome> byStatus) {
        this.byStatus = Map.copyOf(byStatus);
    }

    /** Parses {@code 200=success,409=sold_out}. */
    public static OutcomeMap parse(String spec) {
        Map<Integer, Outcome> byStatus = new HashMap<>();
        for (String pair : spec.split(",")) {
            String[] parts = pair.trim().split("=");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--outcome entries look like 200=success, got '" + pair + "'");
            }
            int status;
            try {
                status = Integer.parseInt(parts[0].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an HTTP status: '" + parts[0] + "'");
            }
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
            byStatus.put(status, Outcome.fromLabel(parts[1].trim()));
        }
        return new OutcomeMap(byStatus);
    }

    public Outcome of(int status) {
        return byStatus.getOrDefault(status, Outcome.OTHER_STATUS);
    }
}
