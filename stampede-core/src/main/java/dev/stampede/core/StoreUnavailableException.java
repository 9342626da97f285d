package dev.stampede.core;

/** The store could not be reached or refused work for a transient reason; the request may be retried later. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
