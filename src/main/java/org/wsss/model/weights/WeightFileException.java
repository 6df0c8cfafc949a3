package org.wsss.model.weights;

/** A weight file cannot be read: malformed, truncated, or holding a type this package does not read. */
public final class WeightFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public WeightFileException(String message) {
        super(message);
    }

    public WeightFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
