package dev.stampede.bench.load;

/** How many requests ended in each {@link Outcome}. */
public record OutcomeCounts(
        long success, long soldOut, long busy, long outcomeUnknown, long otherStatus, long networkError) {

    public long total() {
        return success + soldOut + busy + outcomeUnknown + otherStatus + networkError;
    }

    /** Requests that got no meaningful answer: an unexpected status or no answer at all. */
    public long errors() {
        return otherStatus + networkError;
    }

    public long of(Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> success;
            case SOLD_OUT -> soldOut;
            case BUSY -> busy;
            case OUTCOME_UNKNOWN -> outcomeUnknown;
            case OTHER_STATUS -> otherStatus;
            case NETWORK_ERROR -> networkError;
        };
    }
}
