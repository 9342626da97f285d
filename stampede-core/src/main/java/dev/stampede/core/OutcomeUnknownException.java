package dev.stampede.core;

/**
 * The connection to the store was lost while it was committing: the work may or may not have been applied, and the
 * caller cannot tell which. Retrying is safe only when the retry is idempotent (a purchase or transfer under the same
 * {@code Idempotency-Key} answers the first outcome if there was one). A failure before the commit was sent is never
 * one of these: that work was rolled back and is plain {@link StoreUnavailableException}.
 */
public class OutcomeUnknownException extends StoreUnavailableException {

    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
