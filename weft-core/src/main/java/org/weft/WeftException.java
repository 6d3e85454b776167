package org.weft;

/** A failure of the runtime or of a region body that is not a task failure (see {@link TaskFailedException}). */
public class WeftException extends RuntimeException {
    public WeftException(String message, Throwable cause) {
        super(message, cause);
    }
}
