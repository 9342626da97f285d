package dev.stampede.bench.load;

/** How one request ended, from the client's point of view. */
public enum Outcome {
    SUCCESS("success"),
    SOLD_OUT("sold_out"),
    BUSY("busy"),
    /**
     * The service could not learn whether the request's durable write committed (503 with the problem type {@code
     * outcome-unknown}): its effect may appear later. Counted apart from {@link #BUSY}, which changed nothing.
     */
    OUTCOME_UNKNOWN("outcome_unknown"),
    OTHER_STATUS("other_status"),
    NETWORK_ERROR("network_error");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The name used in summaries, JSON and the {@code --outcome} option. */
    public String label() {
        return label;
    }

    public static Outcome fromLabel(String label) {
        for (Outcome outcome : values()) {
            if (outcome.label.equals(label)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + label + "'; use one of success, sold_out, busy,"
                + " outcome_unknown, other_status, network_error");
    }
}
